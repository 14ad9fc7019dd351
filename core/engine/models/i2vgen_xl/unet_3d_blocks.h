#pragma once
// Port of diffusers src/diffusers/models/unets/unet_3d_blocks.py (v0.31.0): the blocks of the 3-D
// (video) UNets: CrossAttnDownBlock3D, DownBlock3D, UNetMidBlock3DCrossAttn, CrossAttnUpBlock3D,
// UpBlock3D, and get_down_block / get_up_block. Frames are folded into the batch axis everywhere:
// hidden states are [B*F, C, H, W] with the F frames of one video contiguous; `numFrames` unfolds them
// for the temporal layers. Not ported: FreeU, gradient checkpointing, dual cross attention, the
// SpatioTemporal / Motion blocks (other models).
//
// Quirk kept from the reference: `numAttentionHeads` is really the attention HEAD DIMENSION; every
// spatial and temporal transformer of a block has channels / numAttentionHeads heads of that size.

#include "core/engine/nn/resnet.h"
#include "core/engine/nn/transformer_2d.h"
#include "core/engine/nn/transformer_temporal.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace i2v::i2vgenxl {

// Constructor arguments shared by all 3-D blocks (names follow get_down_block / get_up_block).
struct Block3DOptions {
    std::int64_t numLayers = 1;
    std::int64_t inChannels = 0;
    std::int64_t outChannels = 0;
    std::int64_t prevOutputChannel = 0; // up blocks only
    std::int64_t tembChannels = 0;
    bool addSample = true; // add_downsample / add_upsample
    double resnetEps = 1e-6;
    std::string resnetActFn = "swish";
    std::int64_t resnetGroups = 32;
    std::int64_t numAttentionHeads = 1; // head dimension, see the file comment
    std::int64_t crossAttentionDim = 1280;
    std::int64_t downsamplePadding = 1;
    bool useLinearProjection = true;
    bool onlyCrossAttention = false;
    bool upcastAttention = false;
    double outputScaleFactor = 1.0;
};

// Down blocks: x [B*F, Cin, H, W] -> {x' [B*F, Cout, H', W'], one residual per resnet (+ the
// downsampled state when the block downsamples), handed to the up path in this order}.
struct DownBlockOutput {
    torch::Tensor hidden;
    std::vector<torch::Tensor> residuals;
};

class DownBlock3DBase : public torch::nn::Module {
public:
    virtual bool hasCrossAttention() const = 0;
    // context [B*F, M, crossAttentionDim]: ignored by blocks without cross attention.
    virtual DownBlockOutput forward(const torch::Tensor& x, const torch::Tensor& temb,
                                    const std::optional<torch::Tensor>& context, std::int64_t numFrames) = 0;
};

// Up blocks: consume the last numResnets() residuals (the newest first), concatenated on channels.
// upsampleSize: target H, W of the upsampler (empty: 2x).
class UpBlock3DBase : public torch::nn::Module {
public:
    virtual bool hasCrossAttention() const = 0;
    virtual std::size_t numResnets() const = 0;
    virtual torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor> residuals,
                                  const torch::Tensor& temb, const std::optional<torch::Tensor>& context,
                                  const std::vector<std::int64_t>& upsampleSize, std::int64_t numFrames) = 0;
};

// Keys: resnets.{i}, temp_convs.{i}, attentions.{i}, temp_attentions.{i}, [downsamplers.0.conv].
class CrossAttnDownBlock3D : public DownBlock3DBase {
public:
    explicit CrossAttnDownBlock3D(const Block3DOptions& options);
    bool hasCrossAttention() const override { return true; }
    DownBlockOutput forward(const torch::Tensor& x, const torch::Tensor& temb,
                            const std::optional<torch::Tensor>& context, std::int64_t numFrames) override;

private:
    std::vector<nn::ResnetBlock2D> m_resnets;
    std::vector<nn::TemporalConvLayer> m_tempConvs;
    std::vector<nn::Transformer2DModel> m_attentions;
    std::vector<nn::TransformerTemporalModel> m_tempAttentions;
    nn::Downsample2D m_downsampler{nullptr};
};

// Keys: resnets.{i}, temp_convs.{i}, [downsamplers.0.conv].
class DownBlock3D : public DownBlock3DBase {
public:
    explicit DownBlock3D(const Block3DOptions& options);
    bool hasCrossAttention() const override { return false; }
    DownBlockOutput forward(const torch::Tensor& x, const torch::Tensor& temb,
                            const std::optional<torch::Tensor>& context, std::int64_t numFrames) override;

private:
    std::vector<nn::ResnetBlock2D> m_resnets;
    std::vector<nn::TemporalConvLayer> m_tempConvs;
    nn::Downsample2D m_downsampler{nullptr};
};

// resnets.0, temp_convs.0, then numLayers x (attentions.i, temp_attentions.i, resnets.i+1,
// temp_convs.i+1). x [B*F, C, H, W] -> same shape. Uses inChannels only (outChannels ignored).
class UNetMidBlock3DCrossAttn : public torch::nn::Module {
public:
    explicit UNetMidBlock3DCrossAttn(const Block3DOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb, const std::optional<torch::Tensor>& context,
                          std::int64_t numFrames);

private:
    std::vector<nn::ResnetBlock2D> m_resnets;
    std::vector<nn::TemporalConvLayer> m_tempConvs;
    std::vector<nn::Transformer2DModel> m_attentions;
    std::vector<nn::TransformerTemporalModel> m_tempAttentions;
};

// Keys: resnets.{i}, temp_convs.{i}, attentions.{i}, temp_attentions.{i}, [upsamplers.0.conv].
class CrossAttnUpBlock3D : public UpBlock3DBase {
public:
    explicit CrossAttnUpBlock3D(const Block3DOptions& options);
    bool hasCrossAttention() const override { return true; }
    std::size_t numResnets() const override { return m_resnets.size(); }
    torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor> residuals, const torch::Tensor& temb,
                          const std::optional<torch::Tensor>& context, const std::vector<std::int64_t>& upsampleSize,
                          std::int64_t numFrames) override;

private:
    std::vector<nn::ResnetBlock2D> m_resnets;
    std::vector<nn::TemporalConvLayer> m_tempConvs;
    std::vector<nn::Transformer2DModel> m_attentions;
    std::vector<nn::TransformerTemporalModel> m_tempAttentions;
    nn::Upsample2D m_upsampler{nullptr};
};

// Keys: resnets.{i}, temp_convs.{i}, [upsamplers.0.conv].
class UpBlock3D : public UpBlock3DBase {
public:
    explicit UpBlock3D(const Block3DOptions& options);
    bool hasCrossAttention() const override { return false; }
    std::size_t numResnets() const override { return m_resnets.size(); }
    torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor> residuals, const torch::Tensor& temb,
                          const std::optional<torch::Tensor>& context, const std::vector<std::int64_t>& upsampleSize,
                          std::int64_t numFrames) override;

private:
    std::vector<nn::ResnetBlock2D> m_resnets;
    std::vector<nn::TemporalConvLayer> m_tempConvs;
    nn::Upsample2D m_upsampler{nullptr};
};

// get_down_block / get_up_block: "CrossAttnDownBlock3D", "DownBlock3D" / "CrossAttnUpBlock3D", "UpBlock3D".
// Throws I2vError(ModelInvalid) naming the type for anything else.
std::shared_ptr<DownBlock3DBase> makeDownBlock(const std::string& type, const Block3DOptions& options);
std::shared_ptr<UpBlock3DBase> makeUpBlock(const std::string& type, const Block3DOptions& options);

} // namespace i2v::i2vgenxl
