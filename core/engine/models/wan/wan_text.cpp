// diffusers 0.42.1 pipelines/wan/pipeline_wan_i2v.py WanImageToVideoPipeline._get_t5_prompt_embeds
// (num_videos_per_prompt = 1; the caller repeats rows when it needs more).

#include "core/engine/models/wan/wan_text.h"

#include "core/base/error.h"

namespace i2v {

WanPromptTokens wanTokenizePrompts(const T5Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                                   int maxSequenceLength)
{
    if (prompts.empty()) {
        fail(ErrorCode::InvalidArgument, "Wan prompt encoding: no prompt given");
    }
    if (maxSequenceLength < 1 || maxSequenceLength > 4096) {
        fail(ErrorCode::InvalidArgument, "Wan prompt encoding: max_sequence_length " +
                                             std::to_string(maxSequenceLength) + " is outside [1, 4096]");
    }
    const auto b = static_cast<std::int64_t>(prompts.size());
    WanPromptTokens out;
    out.inputIds = torch::empty({b, maxSequenceLength}, torch::kInt64);
    out.attentionMask = torch::empty({b, maxSequenceLength}, torch::kInt64);
    auto ids = out.inputIds.accessor<std::int64_t, 2>();
    auto mask = out.attentionMask.accessor<std::int64_t, 2>();
    for (std::int64_t i = 0; i < b; ++i) {
        const T5Encoding e = tokenizer.encodePadded(wanPromptClean(prompts[static_cast<std::size_t>(i)]),
                                                    maxSequenceLength);
        for (int j = 0; j < maxSequenceLength; ++j) {
            ids[i][j] = e.inputIds[static_cast<std::size_t>(j)];
            mask[i][j] = e.attentionMask[static_cast<std::size_t>(j)];
        }
        out.lengths.push_back(e.length);
    }
    return out;
}

torch::Tensor wanEncodePromptTokens(UMT5EncoderModel& textEncoder, const WanPromptTokens& tokens,
                                    const torch::Device& device, torch::Dtype dtype)
{
    torch::NoGradGuard noGrad;
    const auto hidden = textEncoder->forward(tokens.inputIds, tokens.attentionMask); // [B, L, d]
    auto embeds = hidden.to(device, dtype);
    // u[:v] then zero-padded to L: the same as zeroing every position past the prompt's length.
    const auto positions = torch::arange(embeds.size(1), torch::TensorOptions().dtype(torch::kInt64).device(device));
    const auto lengths = torch::tensor(tokens.lengths, torch::kInt64).to(device);
    const auto keep = positions.unsqueeze(0) < lengths.unsqueeze(1); // [B, L]
    return embeds.masked_fill(keep.logical_not().unsqueeze(-1), 0.0);
}

torch::Tensor wanEncodePrompt(const T5Tokenizer& tokenizer, UMT5EncoderModel& textEncoder,
                              const std::vector<std::string>& prompts, int maxSequenceLength,
                              const torch::Device& device, torch::Dtype dtype)
{
    return wanEncodePromptTokens(textEncoder, wanTokenizePrompts(tokenizer, prompts, maxSequenceLength), device,
                                 dtype);
}

} // namespace i2v
