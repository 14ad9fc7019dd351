#include "core/engine/models/wan/wan_transformer.h"

#include "core/base/error.h"
#include "core/engine/tensor/state_dict.h"

namespace i2v::wan {

namespace {

// The reference's attention processor takes the last 512 context tokens as text (hard-coded).
constexpr std::int64_t kTextContextLength = 512;

// Parameters in the reference's _keep_in_fp32_modules are created in float32 on the current device.
nn::ParameterOptionsGuard float32Parameters()
{
    return nn::ParameterOptionsGuard(nn::parameterOptions().dtype(torch::kFloat32));
}

std::string shapeOf(const torch::Tensor& t)
{
    std::string s = "[";
    for (std::int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

[[noreturn]] void badInput(const std::string& what) { fail(ErrorCode::InvalidArgument, "Wan transformer: " + what); }

// F.scaled_dot_product_attention on [B, S, H, D] tensors (the native backend's permutes), -> [B, S, H*D].
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v)
{
    const torch::Tensor out = at::scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2));
    return out.transpose(1, 2).flatten(2, 3);
}

} // namespace

WanRMSNormImpl::WanRMSNormImpl(std::int64_t dim, double eps) : m_dim(dim), m_eps(eps)
{
    weight = nn::registerEmptyParameter(*this, "weight", {dim});
}

torch::Tensor WanRMSNormImpl::forward(const torch::Tensor& x) { return at::rms_norm(x, {m_dim}, weight, m_eps); }

FP32LayerNormImpl::FP32LayerNormImpl(std::int64_t dim, double eps, bool elementwiseAffine) : m_dim(dim), m_eps(eps)
{
    if (elementwiseAffine) {
        weight = nn::registerEmptyParameter(*this, "weight", {dim});
        bias = nn::registerEmptyParameter(*this, "bias", {dim});
    }
}

torch::Tensor FP32LayerNormImpl::forward(const torch::Tensor& x)
{
    const torch::Tensor w = weight.defined() ? weight.to(torch::kFloat32) : torch::Tensor();
    const torch::Tensor b = bias.defined() ? bias.to(torch::kFloat32) : torch::Tensor();
    return torch::layer_norm(x.to(torch::kFloat32), {m_dim}, w, b, m_eps).to(x.scalar_type());
}

WanAttentionImpl::WanAttentionImpl(std::int64_t dim, std::int64_t heads, std::int64_t dimHead, double eps,
                                   std::optional<std::int64_t> addedKvProjDim)
    : m_heads(heads)
{
    const std::int64_t inner = dimHead * heads;
    m_toQ = register_module("to_q", nn::Linear(dim, inner));
    m_toK = register_module("to_k", nn::Linear(dim, inner));
    m_toV = register_module("to_v", nn::Linear(dim, inner));
    torch::nn::ModuleList toOut;
    m_toOut = nn::Linear(inner, dim);
    toOut->push_back(m_toOut);
    toOut->push_back(torch::nn::Dropout(0.0)); // weightless; keeps to_out.0's index
    register_module("to_out", toOut);
    m_normQ = register_module("norm_q", WanRMSNorm(inner, eps));
    m_normK = register_module("norm_k", WanRMSNorm(inner, eps));
    if (addedKvProjDim) {
        m_addK = register_module("add_k_proj", nn::Linear(*addedKvProjDim, inner));
        m_addV = register_module("add_v_proj", nn::Linear(*addedKvProjDim, inner));
        m_normAddedK = register_module("norm_added_k", WanRMSNorm(inner, eps));
    }
}

torch::Tensor WanAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& contextIn, const WanRopeFreqs* rope)
{
    torch::Tensor context = contextIn.defined() ? contextIn : x;
    torch::Tensor image;
    if (m_addK) {
        const std::int64_t imageLength = context.size(1) - kTextContextLength;
        image = context.slice(1, 0, imageLength);
        context = context.slice(1, imageLength);
    }
    torch::Tensor q = m_normQ(m_toQ(x)).unflatten(2, {m_heads, -1});
    torch::Tensor k = m_normK(m_toK(context)).unflatten(2, {m_heads, -1});
    const torch::Tensor v = m_toV(context).unflatten(2, {m_heads, -1});
    if (rope) {
        q = applyWanRotaryEmb(q, *rope);
        k = applyWanRotaryEmb(k, *rope);
    }
    torch::Tensor imageOut;
    if (image.defined()) {
        const torch::Tensor kImg = m_normAddedK(m_addK(image)).unflatten(2, {m_heads, -1});
        const torch::Tensor vImg = m_addV(image).unflatten(2, {m_heads, -1});
        imageOut = attention(q, kImg, vImg).to(q.scalar_type());
    }
    torch::Tensor out = attention(q, k, v).to(q.scalar_type());
    if (imageOut.defined())
        out = out + imageOut;
    return m_toOut(out);
}

WanImageEmbeddingImpl::WanImageEmbeddingImpl(std::int64_t inFeatures, std::int64_t outFeatures,
                                             std::optional<std::int64_t> posEmbedSeqLen)
{
    {
        const auto fp32 = float32Parameters(); // "norm1" is in _keep_in_fp32_modules
        m_norm1 = register_module("norm1", FP32LayerNorm(inFeatures, 1e-5, true));
    }
    nn::FeedForwardOptions ff;
    ff.dim = inFeatures;
    ff.dimOut = outFeatures;
    ff.mult = 1;
    ff.activationFn = "gelu";
    m_ff = register_module("ff", nn::FeedForward(ff));
    {
        const auto fp32 = float32Parameters(); // "norm2" is in _keep_in_fp32_modules
        m_norm2 = register_module("norm2", FP32LayerNorm(outFeatures, 1e-5, true));
    }
    if (posEmbedSeqLen)
        m_posEmbed = nn::registerEmptyParameter(*this, "pos_embed", {1, *posEmbedSeqLen, inFeatures});
}

torch::Tensor WanImageEmbeddingImpl::forward(const torch::Tensor& xIn)
{
    torch::Tensor x = xIn;
    if (m_posEmbed.defined())
        x = x.reshape({-1, 2 * xIn.size(1), xIn.size(2)}) + m_posEmbed;
    return m_norm2(m_ff(m_norm1(x)));
}

WanTimeTextImageEmbeddingImpl::WanTimeTextImageEmbeddingImpl(std::int64_t dim, std::int64_t timeFreqDim,
                                                             std::int64_t timeProjDim, std::int64_t textEmbedDim,
                                                             std::optional<std::int64_t> imageEmbedDim,
                                                             std::optional<std::int64_t> posEmbedSeqLen)
    : m_freqDim(timeFreqDim)
{
    {
        const auto fp32 = float32Parameters(); // "time_embedder" is in _keep_in_fp32_modules
        m_timeEmbedder = register_module("time_embedder", nn::TimestepEmbedding(timeFreqDim, dim));
    }
    m_timeProj = register_module("time_proj", nn::Linear(dim, timeProjDim));
    // PixArtAlphaTextProjection(text_embed_dim, dim, act_fn="gelu_tanh"): linear_1, act_1, linear_2.
    auto text = std::make_shared<torch::nn::Module>();
    m_textLinear1 = text->register_module("linear_1", nn::Linear(textEmbedDim, dim));
    m_textLinear2 = text->register_module("linear_2", nn::Linear(dim, dim));
    register_module("text_embedder", text);
    if (imageEmbedDim)
        m_imageEmbedder = register_module("image_embedder", WanImageEmbedding(*imageEmbedDim, dim, posEmbedSeqLen));
}

WanConditioning WanTimeTextImageEmbeddingImpl::forward(const torch::Tensor& timestep, const torch::Tensor& text,
                                                       const torch::Tensor& image,
                                                       std::optional<std::int64_t> timestepSeqLen,
                                                       const WanIntermediateHook& hook)
{
    // Timesteps(freq_dim, flip_sin_to_cos=True, downscale_freq_shift=0): float32.
    torch::Tensor t = nn::timestepEmbedding(timestep, m_freqDim, /*flipSinToCos=*/true, /*downscaleFreqShift=*/0.0);
    if (timestepSeqLen)
        t = t.unflatten(0, {-1, *timestepSeqLen});
    const auto embedderDtype = m_timeEmbedder->parameters().front().scalar_type();
    const torch::Tensor embedded = m_timeEmbedder(t.to(embedderDtype));
    if (hook)
        hook("condition_embedder.time_embedder", embedded);
    WanConditioning c;
    c.temb = embedded.to(text.scalar_type());
    c.timestepProj = m_timeProj(torch::silu(c.temb));
    c.text = m_textLinear2(torch::gelu(m_textLinear1(text), "tanh"));
    if (image.defined())
        c.image = m_imageEmbedder(image);
    return c;
}

WanTransformerBlockImpl::WanTransformerBlockImpl(std::int64_t dim, std::int64_t ffnDim, std::int64_t numHeads,
                                                 bool crossAttnNorm, double eps,
                                                 std::optional<std::int64_t> addedKvProjDim)
{
    m_norm1 = register_module("norm1", FP32LayerNorm(dim, eps, false));
    m_attn1 = register_module("attn1", WanAttention(dim, numHeads, dim / numHeads, eps, std::nullopt));
    m_attn2 = register_module("attn2", WanAttention(dim, numHeads, dim / numHeads, eps, addedKvProjDim));
    if (crossAttnNorm) {
        const auto fp32 = float32Parameters(); // "norm2" is in _keep_in_fp32_modules
        m_norm2 = register_module("norm2", FP32LayerNorm(dim, eps, true));
    }
    nn::FeedForwardOptions ff;
    ff.dim = dim;
    ff.innerDim = ffnDim;
    ff.activationFn = "gelu-approximate";
    m_ffn = register_module("ffn", nn::FeedForward(ff));
    m_norm3 = register_module("norm3", FP32LayerNorm(dim, eps, false));
    const auto fp32 = float32Parameters(); // "scale_shift_table" is in _keep_in_fp32_modules
    m_scaleShiftTable = nn::registerEmptyParameter(*this, "scale_shift_table", {1, 6, dim});
}

torch::Tensor WanTransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                               const torch::Tensor& temb, const WanRopeFreqs& rope)
{
    // Modulation in float32, as the reference's (scale_shift_table + temb.float()).chunk(6), but each of the
    // six terms is made just before its use (same elementwise sums, so the same values): with per-token
    // timesteps temb is [B, S, 6, dim] and the reference's whole float32 sum is 6 activations large.
    //   temb [B, 6, dim]    -> term k = table[:, k:k+1] + temb[:, k:k+1]   [B, 1, dim]
    //   temb [B, S, 6, dim] -> term k = table[:, k] + temb[:, :, k]         [B, S, dim]
    auto modulation = [&](std::int64_t k) {
        if (temb.dim() == 4)
            return m_scaleShiftTable.select(1, k) + temb.select(2, k).to(torch::kFloat32);
        return m_scaleShiftTable.slice(1, k, k + 1) + temb.slice(1, k, k + 1).to(torch::kFloat32);
    };
    enum { kShiftMsa, kScaleMsa, kGateMsa, kCShiftMsa, kCScaleMsa, kCGateMsa };
    const auto dtype = x.scalar_type();

    // 1. Self-attention
    torch::Tensor h = x;
    torch::Tensor normed =
        (m_norm1(h.to(torch::kFloat32)) * (1 + modulation(kScaleMsa)) + modulation(kShiftMsa)).to(dtype);
    torch::Tensor out = m_attn1(normed, torch::Tensor(), &rope);
    h = (h.to(torch::kFloat32) + out * modulation(kGateMsa)).to(dtype);

    // 2. Cross-attention
    normed = m_norm2 ? m_norm2(h.to(torch::kFloat32)).to(dtype) : h;
    h = h + m_attn2(normed, context, nullptr);

    // 3. Feed-forward
    normed = (m_norm3(h.to(torch::kFloat32)) * (1 + modulation(kCScaleMsa)) + modulation(kCShiftMsa)).to(dtype);
    out = m_ffn(normed);
    return (h.to(torch::kFloat32) + out.to(torch::kFloat32) * modulation(kCGateMsa)).to(dtype);
}

WanPatchEmbeddingImpl::WanPatchEmbeddingImpl(std::int64_t inChannels, std::int64_t outChannels,
                                             std::array<std::int64_t, 3> patch)
    : m_patch(patch)
{
    weight = nn::registerEmptyParameter(*this, "weight", {outChannels, inChannels, patch[0], patch[1], patch[2]});
    bias = nn::registerEmptyParameter(*this, "bias", {outChannels});
}

torch::Tensor WanPatchEmbeddingImpl::forward(const torch::Tensor& x)
{
    return torch::conv3d(x, weight, bias, {m_patch[0], m_patch[1], m_patch[2]});
}

WanTransformer3DModelImpl::WanTransformer3DModelImpl(const WanTransformerConfig& config)
    : m_config(config), m_rope(config.attentionHeadDim, config.patchSize, config.ropeMaxSeqLen)
{
    const auto& c = config;
    if ((c.addedKvProjDim && (!c.imageDim || *c.addedKvProjDim != c.innerDim())) || (c.posEmbedSeqLen && !c.imageDim))
        fail(ErrorCode::ModelInvalid, "Wan transformer: inconsistent image_dim / added_kv_proj_dim / "
                                      "pos_embed_seq_len (see parseWanTransformerConfig)");
    const std::int64_t inner = c.innerDim();
    m_patchEmbedding = register_module("patch_embedding", WanPatchEmbedding(c.inChannels, inner, c.patchSize));
    m_conditionEmbedder = register_module(
        "condition_embedder",
        WanTimeTextImageEmbedding(inner, c.freqDim, inner * 6, c.textDim, c.imageDim, c.posEmbedSeqLen));
    torch::nn::ModuleList blocks;
    for (std::int64_t i = 0; i < c.numLayers; ++i) {
        m_blocks.push_back(WanTransformerBlock(inner, c.ffnDim, c.numAttentionHeads, c.crossAttnNorm, c.eps,
                                               c.addedKvProjDim));
        blocks->push_back(m_blocks.back());
    }
    register_module("blocks", blocks);
    m_normOut = register_module("norm_out", FP32LayerNorm(inner, c.eps, false));
    m_projOut = register_module(
        "proj_out", nn::Linear(inner, c.outChannels * c.patchSize[0] * c.patchSize[1] * c.patchSize[2]));
    const auto fp32 = float32Parameters(); // "scale_shift_table" is in _keep_in_fp32_modules
    m_scaleShiftTable = nn::registerEmptyParameter(*this, "scale_shift_table", {1, 2, inner});
}

void WanTransformer3DModelImpl::checkInputs(const torch::Tensor& hidden, const torch::Tensor& timestep,
                                            const torch::Tensor& text, const torch::Tensor& image) const
{
    const auto& c = m_config;
    if (!hidden.defined() || hidden.dim() != 5 || hidden.size(1) != c.inChannels)
        badInput("hidden_states must be [B, " + std::to_string(c.inChannels) + ", F, H, W], got " +
                 (hidden.defined() ? shapeOf(hidden) : "nothing"));
    const std::int64_t batch = hidden.size(0);
    const std::int64_t tokens =
        (hidden.size(2) / c.patchSize[0]) * (hidden.size(3) / c.patchSize[1]) * (hidden.size(4) / c.patchSize[2]);
    if (!timestep.defined() || timestep.dim() > 2 ||
        (timestep.dim() == 1 && timestep.size(0) != batch && timestep.size(0) != 1) ||
        (timestep.dim() == 2 && ((timestep.size(0) != batch && timestep.size(0) != 1) || timestep.size(1) != tokens)))
        badInput("timestep must be [B], [1] or [B or 1, " + std::to_string(tokens) + "] (one per latent token), got " +
                 (timestep.defined() ? shapeOf(timestep) : "nothing") + " for hidden_states " + shapeOf(hidden));
    if (!text.defined() || text.dim() != 3 || text.size(0) != batch || text.size(2) != c.textDim)
        badInput("encoder_hidden_states must be [" + std::to_string(batch) + ", L, " + std::to_string(c.textDim) +
                 "], got " + (text.defined() ? shapeOf(text) : "nothing"));
    if (!c.hasImageInput()) {
        if (image.defined())
            badInput("this model (no image_dim in its config) takes no encoder_hidden_states_image");
        return;
    }
    // Without added K/V the reference simply runs on text alone when no image tokens are given.
    if (!image.defined() && !c.addedKvProjDim)
        return;
    const std::int64_t imageBatch = c.posEmbedSeqLen ? 2 * batch : batch;
    if (!image.defined() || image.dim() != 3 || image.size(0) != imageBatch || image.size(2) != *c.imageDim ||
        (c.posEmbedSeqLen && 2 * image.size(1) != *c.posEmbedSeqLen))
        badInput("encoder_hidden_states_image must be [" + std::to_string(imageBatch) + ", " +
                 (c.posEmbedSeqLen ? std::to_string(*c.posEmbedSeqLen / 2) : std::string("N")) + ", " +
                 std::to_string(*c.imageDim) + "] (CLIP image tokens" +
                 (c.posEmbedSeqLen ? ", first and last frame" : "") + "), got " +
                 (image.defined() ? shapeOf(image) : "nothing"));
    if (c.addedKvProjDim && text.size(1) != kTextContextLength)
        badInput("a model with image K/V projections takes exactly 512 text tokens (the reference splits the "
                 "context at length - 512), got " + std::to_string(text.size(1)));
}

torch::Tensor WanTransformer3DModelImpl::forward(const torch::Tensor& hiddenIn, const torch::Tensor& timestepIn,
                                                 const torch::Tensor& textIn, const torch::Tensor& imageIn,
                                                 const WanIntermediateHook& hook,
                                                 const WanBlockCallbacks& blockCallbacks)
{
    const torch::Tensor timestep = timestepIn.defined() && timestepIn.dim() == 0 ? timestepIn.reshape({1}) : timestepIn;
    checkInputs(hiddenIn, timestep, textIn, imageIn);
    const auto dtype = m_patchEmbedding->weight.scalar_type();
    const auto device = m_patchEmbedding->weight.device();
    const torch::Tensor hiddenStates = hiddenIn.to(device, dtype);
    const std::int64_t batch = hiddenStates.size(0);
    const auto [pt, ph, pw] = m_config.patchSize;
    const std::int64_t ppf = hiddenStates.size(2) / pt, pph = hiddenStates.size(3) / ph, ppw = hiddenStates.size(4) / pw;

    const WanRopeFreqs rope = m_rope.forward(hiddenStates.size(2), hiddenStates.size(3), hiddenStates.size(4), device);

    torch::Tensor h = m_patchEmbedding(hiddenStates);
    if (hook)
        hook("patch_embedding", h);
    h = h.flatten(2).transpose(1, 2).contiguous(); // [B, S, dim]

    std::optional<std::int64_t> tsSeqLen;
    torch::Tensor flatTimestep = timestep.to(device);
    if (flatTimestep.dim() == 2) {
        tsSeqLen = flatTimestep.size(1);
        flatTimestep = flatTimestep.flatten();
    }
    const torch::Tensor image = imageIn.defined() ? imageIn.to(device, dtype) : torch::Tensor();
    WanConditioning cond = m_conditionEmbedder(flatTimestep, textIn.to(device, dtype), image, tsSeqLen, hook);
    if (hook) {
        hook("condition_embedder.0", cond.temb);
        hook("condition_embedder.1", cond.timestepProj);
        hook("condition_embedder.2", cond.text);
        if (cond.image.defined())
            hook("condition_embedder.3", cond.image);
    }
    const torch::Tensor timestepProj =
        tsSeqLen ? cond.timestepProj.unflatten(2, {6, -1}) : cond.timestepProj.unflatten(1, {6, -1});
    const torch::Tensor context = cond.image.defined() ? torch::cat({cond.image, cond.text}, 1) : cond.text;

    for (std::size_t i = 0; i < m_blocks.size(); ++i) {
        const auto index = static_cast<std::int64_t>(i);
        if (blockCallbacks.before)
            blockCallbacks.before(index, *m_blocks[i]);
        h = m_blocks[i](h, context, timestepProj, rope);
        if (blockCallbacks.after)
            blockCallbacks.after(index, *m_blocks[i]);
        if (hook)
            hook("blocks." + std::to_string(i), h);
    }

    // Output norm with the final modulation (float32), projection, unpatchify.
    torch::Tensor shift, scale;
    if (cond.temb.dim() == 3) {
        auto ss = (m_scaleShiftTable.unsqueeze(0) + cond.temb.unsqueeze(2)).chunk(2, 2);
        shift = ss[0].squeeze(2);
        scale = ss[1].squeeze(2);
    } else {
        auto ss = (m_scaleShiftTable + cond.temb.unsqueeze(1)).chunk(2, 1);
        shift = ss[0];
        scale = ss[1];
    }
    const torch::Tensor normed = m_normOut(h.to(torch::kFloat32));
    if (hook)
        hook("norm_out", normed);
    h = (normed * (1 + scale) + shift).to(h.scalar_type());
    h = m_projOut(h);
    if (hook)
        hook("proj_out", h);
    h = h.reshape({batch, ppf, pph, ppw, pt, ph, pw, -1}).permute({0, 7, 1, 4, 2, 5, 3, 6});
    return h.reshape({batch, h.size(1), ppf * pt, pph * ph, ppw * pw});
}

WanBlockStreamer::WanBlockStreamer(WanTransformer3DModel model, const torch::Device& device)
    : m_model(std::move(model)), m_device(device)
{
    for (auto& child : m_model->named_children())
        if (child.key() != "blocks")
            child.value()->to(device);
    for (auto& p : m_model->named_parameters(/*recurse=*/false))
        p.value().set_data(p.value().to(device));
    const bool pin = torch::cuda::is_available();
    for (std::int64_t i = 0; i < m_model->numBlocks(); ++i) {
        std::vector<std::pair<torch::Tensor, torch::Tensor>> params;
        for (auto& p : m_model->block(i)->parameters()) {
            torch::Tensor host = p.to(torch::kCPU);
            if (pin)
                host = host.pin_memory();
            p.set_data(host);
            params.emplace_back(p, host);
        }
        m_blocks.push_back(std::move(params));
    }
}

WanBlockCallbacks WanBlockStreamer::callbacks()
{
    WanBlockCallbacks c;
    c.before = [this](std::int64_t index, torch::nn::Module&) {
        for (auto& [param, host] : m_blocks.at(static_cast<std::size_t>(index)))
            param.set_data(host.to(m_device, /*non_blocking=*/true));
    };
    c.after = [this](std::int64_t index, torch::nn::Module&) {
        for (auto& [param, host] : m_blocks.at(static_cast<std::size_t>(index)))
            param.set_data(host); // the device copy is freed (stream-ordered by the caching allocator)
    };
    return c;
}

std::int64_t WanBlockStreamer::hostBytes() const
{
    std::int64_t bytes = 0;
    for (const auto& block : m_blocks)
        for (const auto& [param, host] : block)
            bytes += host.numel() * static_cast<std::int64_t>(host.element_size());
    return bytes;
}

std::int64_t wanTransformerParameterCount(const WanTransformerConfig& config)
{
    const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(torch::kFloat32));
    WanTransformer3DModel model(config);
    return nn::parameterCount(*model);
}

WanTransformer3DModel loadWanTransformer(const std::filesystem::path& configJson, const std::filesystem::path& weights,
                                         torch::Dtype dtype, const torch::Device& device)
{
    const WanTransformerConfig config = loadWanTransformerConfig(configJson);
    const std::string what = "transformer (" + weights.string() + ")";
    {
        // The config against the weights' headers first, on the meta device: nothing allocated.
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(dtype));
        WanTransformer3DModel probe(config);
        checkWeightsMatch(*probe, weights, what);
    }
    WanTransformer3DModel model{nullptr};
    {
        const nn::ParameterOptionsGuard onDevice(torch::TensorOptions().device(device).dtype(dtype));
        model = WanTransformer3DModel(config);
    }
    loadWeightsInto(*model, weights, what);
    model->eval();
    return model;
}

} // namespace i2v::wan
