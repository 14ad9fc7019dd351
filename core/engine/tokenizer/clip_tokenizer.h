#pragma once
// CLIP byte-level BPE tokenizer read from a diffusers "tokenizer/" folder (vocab.json, merges.txt,
// special_tokens_map.json, tokenizer_config.json). Reproduces transformers' slow CLIPTokenizer without
// ftfy, called with padding="max_length", truncation=True (see tests/data/i2vgenxl-tiny/README.md,
// "Tokenizer behaviour to reproduce"). Torch-free (library i2v_tokenizer).

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace i2v {

struct ClipEncoding {
    std::vector<std::int64_t> inputIds;      // [maxLength]: BOS, content, EOS, then pad ids
    std::vector<std::int64_t> attentionMask; // [maxLength]: 1 for BOS..EOS, 0 for padding
    std::vector<std::string> tokens;         // BPE strings of the content, untruncated (no BOS/EOS)
    std::vector<std::int64_t> untruncatedIds; // BOS + all content ids + EOS, no padding
    bool truncated = false;                   // untruncatedIds.size() > maxLength
};

class ClipTokenizer {
public:
    // Reads the folder. Throws I2vError(ModelInvalid) naming the missing or malformed file;
    // FileNotFound when the folder does not exist.
    static ClipTokenizer fromFolder(const std::filesystem::path& tokenizerDir);

    ClipEncoding encode(const std::string& utf8Text) const;
    // BPE strings of the content (what transformers' tokenize() returns).
    std::vector<std::string> tokenize(const std::string& utf8Text) const;
    std::int64_t tokenId(const std::string& token) const; // unk id when absent

    int maxLength() const { return m_maxLength; }
    std::int64_t maxId() const { return m_maxId; } // the largest id in vocab.json (a text model needs that many + 1)
    std::int64_t bosId() const { return m_bosId; }
    std::int64_t eosId() const { return m_eosId; }
    std::int64_t padId() const { return m_padId; }
    const std::string& padToken() const { return m_padToken; }

private:
    ClipTokenizer() = default;
    void bpe(const std::string& word, std::vector<std::string>& out) const; // word in byte alphabet

    std::unordered_map<std::string, std::int64_t> m_vocab;
    std::unordered_map<std::string, int> m_mergeRanks; // "first second" -> rank
    std::vector<std::string> m_specialTokens;          // split before BPE, longest first
    std::string m_bosToken = "<|startoftext|>";
    std::string m_eosToken = "<|endoftext|>";
    std::string m_unkToken = "<|endoftext|>";
    std::string m_padToken = "<|endoftext|>";
    std::int64_t m_bosId = 0, m_eosId = 0, m_unkId = 0, m_padId = 0;
    int m_maxLength = 77;
    std::int64_t m_maxId = 0;
};

} // namespace i2v
