#pragma once
// Prompt tokenization for front ends ("N/77 tokens" in the window, `i2v tokenize`). Torch-free.

#include <cstdint>
#include <string>
#include <vector>

namespace i2v {

struct TokenizeResult {
    std::vector<std::int64_t> inputIds;      // [limit]: what the text encoder gets (truncated, padded)
    std::vector<std::int64_t> attentionMask; // [limit]: 1 for real tokens, 0 for padding
    std::vector<std::string> tokens;         // BPE strings of the prompt, untruncated, without start/end
    std::vector<std::int64_t> tokenIds;      // their ids (same length as tokens)
    int count = 0;                           // tokens the prompt needs incl. start/end (may exceed limit)
    int limit = 77;                          // the tokenizer's model_max_length
    bool truncated = false;                  // count > limit: the tail of the prompt is ignored
};

// `model` is a diffusers model folder (its tokenizer/ sub-folder is used), a tokenizer folder itself, or
// "ORG/NAME" of a model in the Hugging Face cache. The last tokenizer read is kept, so calling this on
// every keystroke is cheap; thread-safe. Throws I2vError (ModelNotFound, ModelInvalid).
TokenizeResult tokenizePrompt(const std::string& model, const std::string& text);

} // namespace i2v
