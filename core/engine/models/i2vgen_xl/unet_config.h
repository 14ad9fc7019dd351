#pragma once
// I2VGenXLUNet configuration, read from a diffusers `unet/config.json`. Same keys and defaults as
// I2VGenXLUNet.__init__ (diffusers v0.31.0).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace i2v::i2vgenxl {

struct UNetConfig {
    std::int64_t sampleSize = 0; // informational (0 when null)
    std::int64_t inChannels = 4;
    std::int64_t outChannels = 4;
    std::vector<std::string> downBlockTypes{"CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "CrossAttnDownBlock3D",
                                            "DownBlock3D"};
    std::vector<std::string> upBlockTypes{"UpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D",
                                          "CrossAttnUpBlock3D"};
    std::vector<std::int64_t> blockOutChannels{320, 640, 1280, 1280};
    std::int64_t layersPerBlock = 2;
    std::int64_t normNumGroups = 32;
    std::int64_t crossAttentionDim = 1024;
    // One value per down block (an int in the file is repeated). As in the reference this is the head
    // SIZE of every block transformer (heads = channels / value) and of transformer_in (8 heads).
    // `num_attention_heads` in the file is ignored, exactly as the reference ignores it.
    std::vector<std::int64_t> attentionHeadDim{64, 64, 64, 64};

    std::int64_t timeEmbedDim() const { return blockOutChannels.at(0) * 4; }
};

// Parses and validates config.json text. Throws I2vError(ModelInvalid) naming `source` and the key for
// invalid JSON, wrong types, a foreign _class_name, mismatched list lengths, non-positive sizes, or
// channel counts not divisible by norm_num_groups / the attention head size.
UNetConfig parseUNetConfig(const std::string& jsonText, const std::string& source);
// Reads `path` (FileNotFound / FileUnreadable) and parses it.
UNetConfig loadUNetConfig(const std::filesystem::path& path);

} // namespace i2v::i2vgenxl
