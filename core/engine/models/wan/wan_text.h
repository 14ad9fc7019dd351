#pragma once
// The Wan pipelines' prompt encoding (diffusers 0.42.1 pipelines/wan/pipeline_wan_i2v.py
// _get_t5_prompt_embeds, identical in pipeline_wan.py): prompt_clean, T5 tokenizer with
// padding="max_length", max_length=maxSequenceLength, truncation=True, UMT5 encoder with the attention
// mask, each row cut to its true token count and zero-padded back to maxSequenceLength.

#include "core/engine/models/wan/umt5.h"
#include "core/engine/tokenizer/t5_tokenizer.h"

#include <string>
#include <vector>

namespace i2v {

struct WanPromptTokens {
    torch::Tensor inputIds;      // [B, maxSequenceLength] int64
    torch::Tensor attentionMask; // [B, maxSequenceLength] int64
    std::vector<std::int64_t> lengths; // tokens per prompt incl. </s> (seq_lens)
};

// Clean + tokenize (CPU tensors). maxSequenceLength in [1, 4096], else I2vError(InvalidArgument).
WanPromptTokens wanTokenizePrompts(const T5Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                                   int maxSequenceLength = 512);

// -> prompt_embeds [B, maxSequenceLength, d_model] in `dtype` on `device`, zero past each prompt's length.
// The encoder runs on its own device/dtype. An empty prompt list is InvalidArgument.
torch::Tensor wanEncodePrompt(const T5Tokenizer& tokenizer, UMT5EncoderModel& textEncoder,
                              const std::vector<std::string>& prompts, int maxSequenceLength = 512,
                              const torch::Device& device = torch::kCPU, torch::Dtype dtype = torch::kFloat32);

// The same from tokens already made (e.g. by wanTokenizePrompts).
torch::Tensor wanEncodePromptTokens(UMT5EncoderModel& textEncoder, const WanPromptTokens& tokens,
                                    const torch::Device& device = torch::kCPU, torch::Dtype dtype = torch::kFloat32);

} // namespace i2v
