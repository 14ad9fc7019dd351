#pragma once
// T5 / UMT5 SentencePiece tokenizer read from a diffusers "tokenizer/" folder (spiece.model,
// tokenizer_config.json, special_tokens_map.json), reproducing what transformers 5.24
// `AutoTokenizer.from_pretrained(<folder>)` (T5Tokenizer, tokenizers backend) gives for the Wan pipelines:
// special tokens (pad, eos, unk, <extra_id_N>, additional ones) are matched in the raw text first; each
// chunk between them is encoded by libsentencepiece (same unigram Viterbi, same precompiled normaliser);
// runs of byte-fallback pieces become one <unk> (transformers builds its Unigram model with
// byte_fallback=False and fuse_unk); "</s>" is appended. Torch-free (library i2v_tokenizer).
//
// Known differences (inputs the Wan pipeline never produces, since prompt_clean collapses whitespace):
// transformers splits words on every Unicode whitespace after normalisation, SentencePiece only on the
// ASCII space its normaliser produces (the same for tab, newline, NBSP, U+3000 under nmt_nfkc, which the
// fixture checks; it could differ for a whitespace character a model's normaliser keeps); a literal
// "<0xNN>" in the text is a byte piece there and plain text here.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace i2v {

struct T5Encoding {
    std::vector<std::int64_t> inputIds;      // [maxLength]: content (truncated), </s>, then pad ids
    std::vector<std::int64_t> attentionMask; // [maxLength]: 1 up to and including </s>, then 0
    std::int64_t length = 0;                 // number of 1s in attentionMask
    bool truncated = false;
};

class T5Tokenizer {
public:
    // Reads the folder. FileNotFound when the folder does not exist; ModelInvalid naming the file when
    // spiece.model or a JSON file is missing or malformed.
    static T5Tokenizer fromFolder(const std::filesystem::path& tokenizerDir);

    T5Tokenizer(T5Tokenizer&&) noexcept;
    T5Tokenizer& operator=(T5Tokenizer&&) noexcept;
    ~T5Tokenizer();

    // Token ids of `text` followed by </s> (add_special_tokens=True), untruncated.
    std::vector<std::int64_t> encode(const std::string& utf8Text) const;
    // encode(), truncated to maxLength (content cut to maxLength - 1, then </s>), padded with pad ids
    // (padding="max_length"). maxLength >= 1, else I2vError(InvalidArgument).
    T5Encoding encodePadded(const std::string& utf8Text, int maxLength) const;

    int modelMaxLength() const { return m_modelMaxLength; }
    std::int64_t vocabSize() const { return m_vocabSize; } // SentencePiece pieces + extra ids (len(tokenizer))
    std::int64_t padId() const { return m_padId; }
    std::int64_t eosId() const { return m_eosId; }
    std::int64_t unkId() const { return m_unkId; }
    int extraIds() const { return m_extraIds; }
    // Id of a special token ("<extra_id_0>", "</s>", ...), -1 when it is not one.
    std::int64_t specialTokenId(const std::string& token) const;

private:
    T5Tokenizer();
    void encodeChunk(const std::string& chunk, std::vector<std::int64_t>& out) const;

    std::unique_ptr<sentencepiece::SentencePieceProcessor> m_sp;
    struct Special {
        std::string text;
        std::int64_t id;
    };
    std::vector<Special> m_special; // longest first
    bool m_specialFirstByte[256] = {}; // bytes that start a special token (a fast pre-check)
    std::int64_t m_padId = 0, m_eosId = 1, m_unkId = 2;
    std::int64_t m_vocabSize = 0;
    int m_extraIds = 100;
    int m_modelMaxLength = 512;
};

// The Wan pipelines' prompt_clean (diffusers 0.42.1 pipeline_wan_i2v.py): ftfy.fix_text, html.unescape
// twice, strip, every whitespace run -> one space, strip. The ftfy part covers: HTML entities (ftfy's
// own rule: only when the line has no '<', repeated until stable), mojibake (UTF-8 read as
// Windows-1252/Latin-1: "cafÃ©" -> "café", "â€”" -> "—", "ðŸ˜€" -> emoji; only the lead bytes Â/Ã, â, ð),
// C1 controls read as Windows-1252, Latin ligatures, fullwidth/halfwidth forms and U+3000, curly quotes,
// line breaks, ANSI escapes, control characters, NFC. Not matched: ftfy's "badness" score (a real
// "Ã©" pair is repaired here even in text ftfy would judge fine; CJK mojibake such as "ä¸­æ–‡" is
// left), its "restore byte A0" and lossy-sequence repairs. html.unescape knows
// the HTML 4 entity names (252, plus &apos;) and numeric references; other HTML5 names stay as written.
std::string wanPromptClean(const std::string& utf8Text);

} // namespace i2v
