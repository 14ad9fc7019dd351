// Port of transformers' tokenization_clip.py CLIPTokenizer (slow, ftfy absent) plus the parts of
// PreTrainedTokenizer it relies on: splitting on special tokens, byte-level BPE, truncation and padding.

#include "core/engine/tokenizer/clip_tokenizer.h"

#include "core/base/error.h"
#include "core/engine/tokenizer/clip_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <fstream>
#include <sstream>

namespace i2v {
namespace {

constexpr std::size_t kMaxMerges = 49152 - 256 - 2; // the reference reads at most this many merge lines

[[noreturn]] void invalid(const std::filesystem::path& file, const std::string& why)
{
    fail(ErrorCode::ModelInvalid, file.string() + ": " + why +
                                      ". The tokenizer folder is incomplete or damaged; download the model again.");
}

std::string readFile(const std::filesystem::path& file, bool required)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        if (required)
            invalid(file, "missing or unreadable");
        return {};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::json readJson(const std::filesystem::path& file, bool required)
{
    const std::string text = readFile(file, required);
    if (text.empty() && !required)
        return nlohmann::json::object();
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        invalid(file, std::string("not valid JSON (") + e.what() + ")");
    }
}

// A special token entry is either "text" or {"content": "text", ...}.
bool tokenText(const nlohmann::json& v, std::string* out)
{
    if (v.is_string()) {
        *out = v.get<std::string>();
        return true;
    }
    if (v.is_object() && v.contains("content") && v["content"].is_string()) {
        *out = v["content"].get<std::string>();
        return true;
    }
    return false;
}

// GPT-2's reversible byte -> printable code point table, as UTF-8 strings.
const std::vector<std::string>& byteAlphabet()
{
    static const std::vector<std::string> table = [] {
        std::vector<std::string> t(256);
        int next = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            const char32_t cp = printable ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + next++);
            t[b] = clip::encodeUtf8(std::u32string(1, cp));
        }
        return t;
    }();
    return table;
}

// Splits a byte-alphabet word into its code points (1 or 2 UTF-8 bytes each).
std::vector<std::string> symbolsOf(const std::string& word)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < word.size();) {
        const auto c = static_cast<unsigned char>(word[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        out.push_back(word.substr(i, len));
        i += len;
    }
    return out;
}

} // namespace

ClipTokenizer ClipTokenizer::fromFolder(const std::filesystem::path& dir)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        fail(ErrorCode::FileNotFound, dir.string() + ": tokenizer folder not found");
    ClipTokenizer t;

    const auto vocabFile = dir / "vocab.json";
    const auto vocab = readJson(vocabFile, true);
    if (!vocab.is_object() || vocab.empty())
        invalid(vocabFile, "expected a non-empty object of token -> id");
    t.m_vocab.reserve(vocab.size());
    for (const auto& [token, id] : vocab.items()) {
        if (!id.is_number_integer())
            invalid(vocabFile, "id of token '" + token + "' is not an integer");
        if (id.get<std::int64_t>() < 0)
            invalid(vocabFile, "id of token '" + token + "' is negative");
        t.m_vocab.emplace(token, id.get<std::int64_t>());
        t.m_maxId = std::max(t.m_maxId, id.get<std::int64_t>());
    }

    const auto mergesFile = dir / "merges.txt";
    std::string merges = readFile(mergesFile, true);
    const auto first = merges.find_first_not_of(" \t\r\n\f\v");
    const auto last = merges.find_last_not_of(" \t\r\n\f\v");
    merges = first == std::string::npos ? std::string() : merges.substr(first, last - first + 1);
    std::istringstream lines(merges);
    std::string line;
    std::getline(lines, line); // "#version: 0.2" (skipped unconditionally, like the reference)
    int rank = 0;
    while (static_cast<std::size_t>(rank) < kMaxMerges && std::getline(lines, line)) {
        std::istringstream parts(line);
        std::string a, b, extra;
        if (parts >> a >> b && !(parts >> extra))
            t.m_mergeRanks.insert_or_assign(a + " " + b, rank);
        ++rank; // malformed lines still use up a rank, as in the reference
    }
    if (t.m_mergeRanks.empty())
        invalid(mergesFile, "no merges");

    // tokenizer_config.json first, special_tokens_map.json overrides (as transformers loads them).
    const auto config = readJson(dir / "tokenizer_config.json", false);
    const auto specialMap = readJson(dir / "special_tokens_map.json", false);
    std::vector<std::string> extraSpecials;
    for (const auto* src : {&config, &specialMap}) {
        if (!src->is_object())
            continue;
        for (const auto& [key, slot] : {std::pair<const char*, std::string*>{"bos_token", &t.m_bosToken},
                                        {"eos_token", &t.m_eosToken},
                                        {"unk_token", &t.m_unkToken},
                                        {"pad_token", &t.m_padToken}}) {
            if (src->contains(key))
                tokenText((*src)[key], slot);
        }
        if (src->contains("additional_special_tokens") && (*src)["additional_special_tokens"].is_array()) {
            for (const auto& v : (*src)["additional_special_tokens"]) {
                std::string s;
                if (tokenText(v, &s))
                    extraSpecials.push_back(s);
            }
        }
    }
    if (config.is_object() && config.contains("added_tokens_decoder") && config["added_tokens_decoder"].is_object()) {
        for (const auto& [idText, v] : config["added_tokens_decoder"].items()) {
            std::string s;
            if (!tokenText(v, &s))
                continue;
            extraSpecials.push_back(s);
            try {
                t.m_vocab.emplace(s, std::stoll(idText)); // vocab.json wins when it has the token
            } catch (const std::exception&) {
                invalid(dir / "tokenizer_config.json", "added token id '" + idText + "' is not a number");
            }
        }
    }
    if (config.is_object() && config.contains("model_max_length") && config["model_max_length"].is_number()) {
        const double m = config["model_max_length"].get<double>();
        if (m >= 2 && m <= 4096)
            t.m_maxLength = static_cast<int>(m);
    }

    for (const auto& [token, slot] : {std::pair<const std::string*, std::int64_t*>{&t.m_bosToken, &t.m_bosId},
                                      {&t.m_eosToken, &t.m_eosId},
                                      {&t.m_unkToken, &t.m_unkId},
                                      {&t.m_padToken, &t.m_padId}}) {
        const auto it = t.m_vocab.find(*token);
        if (token->empty() || it == t.m_vocab.end())
            invalid(vocabFile, "special token '" + *token + "' is not in the vocabulary");
        *slot = it->second;
    }
    std::vector<std::string> specials = {t.m_bosToken, t.m_eosToken, t.m_unkToken, t.m_padToken};
    specials.insert(specials.end(), extraSpecials.begin(), extraSpecials.end());
    std::sort(specials.begin(), specials.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    specials.erase(std::unique(specials.begin(), specials.end()), specials.end());
    specials.erase(std::remove(specials.begin(), specials.end(), std::string()), specials.end());
    t.m_specialTokens = std::move(specials);
    return t;
}

std::int64_t ClipTokenizer::tokenId(const std::string& token) const
{
    const auto it = m_vocab.find(token);
    return it == m_vocab.end() ? m_unkId : it->second;
}

void ClipTokenizer::bpe(const std::string& word, std::vector<std::string>& out) const
{
    // The reference seeds its cache with these two, so they never get "</w>".
    if (word == "<|startoftext|>" || word == "<|endoftext|>") {
        out.push_back(word);
        return;
    }
    std::vector<std::string> symbols = symbolsOf(word);
    if (symbols.empty())
        return;
    symbols.back() += "</w>";
    while (symbols.size() > 1) {
        int best = INT_MAX;
        std::size_t bestAt = 0;
        for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
            const auto it = m_mergeRanks.find(symbols[i] + " " + symbols[i + 1]);
            if (it != m_mergeRanks.end() && it->second < best) {
                best = it->second;
                bestAt = i;
            }
        }
        if (best == INT_MAX)
            break;
        const std::string a = symbols[bestAt];
        const std::string b = symbols[bestAt + 1];
        std::vector<std::string> merged;
        merged.reserve(symbols.size());
        for (std::size_t i = 0; i < symbols.size();) {
            if (i + 1 < symbols.size() && symbols[i] == a && symbols[i + 1] == b) {
                merged.push_back(a + b);
                i += 2;
            } else {
                merged.push_back(symbols[i]);
                ++i;
            }
        }
        symbols = std::move(merged);
    }
    out.insert(out.end(), symbols.begin(), symbols.end());
}

std::vector<std::string> ClipTokenizer::tokenize(const std::string& text) const
{
    const auto& alphabet = byteAlphabet();
    std::vector<std::string> tokens;
    auto tokenizePiece = [&](std::string_view piece) {
        if (piece.empty())
            return;
        const std::u32string clean = clip::basicClean(clip::decodeUtf8(piece));
        for (const auto& word : clip::preTokenize(clean)) {
            std::string mapped;
            for (const unsigned char byte : clip::encodeUtf8(word))
                mapped += alphabet[byte];
            bpe(mapped, tokens);
        }
    };
    // Split on literal special tokens (case-sensitive, leftmost, longest first); they map directly.
    std::size_t start = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::string* hit = nullptr;
        for (const auto& s : m_specialTokens) {
            if (text.compare(pos, s.size(), s) == 0) {
                hit = &s;
                break;
            }
        }
        if (!hit) {
            ++pos;
            continue;
        }
        tokenizePiece(std::string_view(text).substr(start, pos - start));
        tokens.push_back(*hit);
        pos += hit->size();
        start = pos;
    }
    tokenizePiece(std::string_view(text).substr(start));
    return tokens;
}

ClipEncoding ClipTokenizer::encode(const std::string& text) const
{
    ClipEncoding e;
    e.tokens = tokenize(text);
    e.untruncatedIds.reserve(e.tokens.size() + 2);
    e.untruncatedIds.push_back(m_bosId);
    for (const auto& token : e.tokens)
        e.untruncatedIds.push_back(tokenId(token));
    e.untruncatedIds.push_back(m_eosId);

    const auto limit = static_cast<std::size_t>(m_maxLength);
    e.truncated = e.untruncatedIds.size() > limit;
    e.inputIds.assign(e.untruncatedIds.begin(), e.untruncatedIds.end() - 1);
    if (e.inputIds.size() > limit - 1)
        e.inputIds.resize(limit - 1); // content cut from the right; EOS stays last
    e.inputIds.push_back(m_eosId);
    e.attentionMask.assign(e.inputIds.size(), 1);
    e.inputIds.resize(limit, m_padId);
    e.attentionMask.resize(limit, 0);
    return e;
}

} // namespace i2v
