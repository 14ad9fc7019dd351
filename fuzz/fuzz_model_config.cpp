// Model folder metadata: model_index.json (openModelFolder), the UNet config parser (parseUNetConfig) and
// the memory model's config reader (readI2VGenXLShape over unet/vae/text_encoder/image_encoder configs).
// The input is up to five NUL-separated parts: model_index.json, unet/config.json, vae/config.json,
// text_encoder/config.json, image_encoder/config.json (an absent part is an absent file).

#include "core/base/error.h"
#include "core/base/model_shape.h"
#include "core/engine/models/i2vgen_xl/unet_config.h"
#include "core/engine/runtime/model_folder.h"
#include "fuzz/fuzz_common.h"

#include <stdexcept>

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz::resetScratch();
    const auto root = fuzz::scratchDir() / "model";
    const auto parts = fuzz::splitParts(fuzz::asView(data, size), 5);
    static const char* const kFiles[] = {"model_index.json", "unet/config.json", "vae/config.json",
                                         "text_encoder/config.json", "image_encoder/config.json"};
    for (std::size_t i = 0; i < parts.size(); ++i)
        fuzz::writeFile(root / kFiles[i], parts[i]);
    try {
        (void)openModelFolder(root);
    } catch (const I2vError&) {
    }
    if (parts.size() > 1) {
        try {
            (void)i2vgenxl::parseUNetConfig(std::string(parts[1]), "unet/config.json");
        } catch (const I2vError&) {
        }
    }
    try {
        (void)readI2VGenXLShape(root); // contract: std::runtime_error naming the file
    } catch (const std::runtime_error&) {
    }
    return 0;
}
