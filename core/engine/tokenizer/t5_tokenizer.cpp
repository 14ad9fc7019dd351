// T5Tokenizer as transformers 5.24 builds it (models/t5/tokenization_t5.py, convert_slow_tokenizer.py
// T5Converter, tokenization_utils_tokenizers.py): vocabulary = the SentencePiece pieces, then
// <extra_id_{N-1}> ... <extra_id_0>; added (special) tokens split the raw text before the model runs;
// Unigram with byte_fallback=False and fused unknowns; post-processor "$A </s>".

#include "core/engine/tokenizer/t5_tokenizer.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace i2v {
namespace {

constexpr int kMaxExtraIds = 100000;
constexpr int kMaxModelMaxLength = 1 << 20;

[[noreturn]] void invalid(const std::filesystem::path& file, const std::string& why)
{
    fail(ErrorCode::ModelInvalid, file.string() + ": " + why +
                                      ". The tokenizer folder is incomplete or damaged; download the model again.");
}

std::string readFile(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        invalid(file, "missing or unreadable");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// An optional JSON object file: null when absent.
nlohmann::json readJsonObject(const std::filesystem::path& file)
{
    if (!std::filesystem::exists(file)) {
        return nullptr;
    }
    nlohmann::json j = nlohmann::json::parse(readFile(file), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        invalid(file, "not a JSON object");
    }
    return j;
}

// A token field: "text" or {"content": "text", ...} (AddedToken). Empty when absent or null.
std::string tokenText(const nlohmann::json& obj, const char* key, const std::filesystem::path& file)
{
    if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) {
        return {};
    }
    const auto& v = obj[key];
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_object() && v.contains("content") && v["content"].is_string()) {
        return v["content"].get<std::string>();
    }
    invalid(file, std::string("\"") + key + "\" is neither a string nor an AddedToken object");
}

std::vector<std::string> tokenList(const nlohmann::json& obj, const char* key, const std::filesystem::path& file)
{
    std::vector<std::string> out;
    if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) {
        return out;
    }
    if (!obj[key].is_array()) {
        invalid(file, std::string("\"") + key + "\" is not a list");
    }
    for (const auto& v : obj[key]) {
        if (v.is_string()) {
            out.push_back(v.get<std::string>());
        } else if (v.is_object() && v.contains("content") && v["content"].is_string()) {
            out.push_back(v["content"].get<std::string>());
        } else {
            invalid(file, std::string("an entry of \"") + key + "\" is not a token");
        }
    }
    return out;
}

// "added_tokens" of tokenizer.json (content -> id) without parsing the (possibly 16 MB) vocabulary: the
// array is sliced out of the text and parsed alone. Empty when the file or the key is absent.
std::map<std::string, std::int64_t> addedTokensFromTokenizerJson(const std::filesystem::path& file)
{
    std::map<std::string, std::int64_t> out;
    if (!std::filesystem::exists(file)) {
        return out;
    }
    const std::string text = readFile(file);
    const auto key = text.find("\"added_tokens\"");
    if (key == std::string::npos) {
        return out;
    }
    const auto open = text.find('[', key);
    if (open == std::string::npos) {
        invalid(file, "\"added_tokens\" is not a list");
    }
    // Find the matching ']' outside strings.
    int depth = 0;
    bool inString = false;
    std::size_t close = std::string::npos;
    for (std::size_t i = open; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth == 0) {
                close = i;
                break;
            }
        }
    }
    if (close == std::string::npos) {
        invalid(file, "\"added_tokens\" is not a closed list");
    }
    const auto arr = nlohmann::json::parse(text.substr(open, close - open + 1), nullptr, false);
    if (arr.is_discarded() || !arr.is_array()) {
        invalid(file, "\"added_tokens\" is not valid JSON");
    }
    for (const auto& t : arr) {
        if (!t.is_object() || !t.contains("id") || !t.contains("content") || !t["id"].is_number_integer() ||
            !t["content"].is_string() || t["id"].get<std::int64_t>() < 0) {
            invalid(file, "an \"added_tokens\" entry lacks an integer id or a content string");
        }
        out[t["content"].get<std::string>()] = t["id"].get<std::int64_t>();
    }
    return out;
}

bool isExtraIdToken(const std::string& s) { return s.rfind("<extra_id_", 0) == 0 && s.back() == '>'; }

} // namespace

T5Tokenizer::T5Tokenizer() : m_sp(std::make_unique<sentencepiece::SentencePieceProcessor>()) {}
T5Tokenizer::T5Tokenizer(T5Tokenizer&&) noexcept = default;
T5Tokenizer& T5Tokenizer::operator=(T5Tokenizer&&) noexcept = default;
T5Tokenizer::~T5Tokenizer() = default;

T5Tokenizer T5Tokenizer::fromFolder(const std::filesystem::path& dir)
{
    if (!std::filesystem::is_directory(dir)) {
        fail(ErrorCode::FileNotFound, dir.string() + ": tokenizer folder not found");
    }
    T5Tokenizer tok;
    const auto spmFile = dir / "spiece.model";
    const std::string proto = readFile(spmFile);
    const auto status = tok.m_sp->LoadFromSerializedProto(proto);
    if (!status.ok()) {
        invalid(spmFile, "not a SentencePiece model (" + status.ToString() + ")");
    }
    const int pieces = tok.m_sp->GetPieceSize();
    if (pieces <= 0) {
        invalid(spmFile, "the SentencePiece model has no pieces");
    }

    const auto configFile = dir / "tokenizer_config.json";
    const auto mapFile = dir / "special_tokens_map.json";
    const nlohmann::json config = readJsonObject(configFile);
    const nlohmann::json map = readJsonObject(mapFile);
    if (config.is_null()) {
        invalid(configFile, "missing");
    }

    // special_tokens_map.json wins over tokenizer_config.json, as in transformers.
    auto special = [&](const char* key, const char* fallback) {
        std::string s = tokenText(map, key, mapFile);
        if (s.empty()) {
            s = tokenText(config, key, configFile);
        }
        return s.empty() ? std::string(fallback) : s;
    };
    const std::string padToken = special("pad_token", "<pad>");
    const std::string eosToken = special("eos_token", "</s>");
    const std::string unkToken = special("unk_token", "<unk>");

    std::vector<std::string> additional = tokenList(config, "additional_special_tokens", configFile);
    for (const auto& s : tokenList(config, "extra_special_tokens", configFile)) {
        additional.push_back(s);
    }
    for (const auto& s : tokenList(map, "additional_special_tokens", mapFile)) {
        additional.push_back(s);
    }

    if (config.contains("extra_ids")) {
        if (!config["extra_ids"].is_number_integer() || config["extra_ids"].get<std::int64_t>() < 0 ||
            config["extra_ids"].get<std::int64_t>() > kMaxExtraIds) {
            invalid(configFile, "\"extra_ids\" must be an integer in [0, " + std::to_string(kMaxExtraIds) + "]");
        }
        tok.m_extraIds = config["extra_ids"].get<int>();
    } else {
        const auto n = std::count_if(additional.begin(), additional.end(), isExtraIdToken);
        tok.m_extraIds = n > 0 ? static_cast<int>(n) : 100; // T5Tokenizer's default
    }
    if (config.contains("model_max_length") && config["model_max_length"].is_number()) {
        const double v = config["model_max_length"].get<double>();
        // transformers writes a huge sentinel (VERY_LARGE_INTEGER) when unset; keep 512 then.
        if (v >= 1 && v <= kMaxModelMaxLength) {
            tok.m_modelMaxLength = static_cast<int>(v);
        }
    }

    // Ids: tokenizer.json's added_tokens and tokenizer_config.json's added_tokens_decoder are
    // authoritative; otherwise a SentencePiece piece keeps its id and <extra_id_i> is
    // pieces + extra_ids - 1 - i (T5Converter appends them in reverse).
    std::map<std::string, std::int64_t> known = addedTokensFromTokenizerJson(dir / "tokenizer.json");
    if (config.contains("added_tokens_decoder") && config["added_tokens_decoder"].is_object()) {
        for (const auto& [key, value] : config["added_tokens_decoder"].items()) {
            std::int64_t id = -1;
            try {
                id = std::stoll(key);
            } catch (const std::exception&) {
                invalid(configFile, "\"added_tokens_decoder\" key \"" + key + "\" is not an id");
            }
            const std::string content =
                value.is_object() && value.contains("content") && value["content"].is_string()
                    ? value["content"].get<std::string>()
                    : std::string();
            if (content.empty() || id < 0) {
                invalid(configFile, "\"added_tokens_decoder\" entry " + key + " has no content");
            }
            known.emplace(content, id);
        }
    }
    tok.m_vocabSize = static_cast<std::int64_t>(pieces) + tok.m_extraIds;
    auto idOf = [&](const std::string& token) -> std::int64_t {
        if (auto it = known.find(token); it != known.end()) {
            return it->second;
        }
        const int id = tok.m_sp->PieceToId(token);
        if (id >= 0 && id < pieces && tok.m_sp->IdToPiece(id) == token) {
            return id;
        }
        if (isExtraIdToken(token)) {
            const std::string digits = token.substr(10, token.size() - 11);
            if (!digits.empty() && digits.size() <= 6 &&
                std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                const int i = std::stoi(digits);
                if (i < tok.m_extraIds) {
                    return static_cast<std::int64_t>(pieces) + tok.m_extraIds - 1 - i;
                }
            }
        }
        return -1;
    };
    tok.m_padId = idOf(padToken);
    tok.m_eosId = idOf(eosToken);
    tok.m_unkId = idOf(unkToken);
    if (tok.m_eosId < 0) {
        invalid(spmFile, "the eos token \"" + eosToken + "\" is not in the vocabulary");
    }
    if (tok.m_unkId < 0) {
        invalid(spmFile, "the unk token \"" + unkToken + "\" is not in the vocabulary");
    }
    if (tok.m_padId < 0) {
        invalid(spmFile, "the pad token \"" + padToken + "\" is not in the vocabulary");
    }

    std::map<std::string, std::int64_t> specials{{padToken, tok.m_padId}, {eosToken, tok.m_eosId},
                                                 {unkToken, tok.m_unkId}};
    for (int i = 0; i < tok.m_extraIds; ++i) {
        const std::string t = "<extra_id_" + std::to_string(i) + ">";
        specials[t] = idOf(t);
    }
    for (const auto& t : additional) {
        if (const auto id = idOf(t); id >= 0) {
            specials[t] = id;
        }
    }
    for (const auto& [t, id] : known) {
        specials.emplace(t, id);
    }
    for (const auto& [t, id] : specials) {
        if (!t.empty()) {
            tok.m_special.push_back({t, id});
            tok.m_vocabSize = std::max(tok.m_vocabSize, id + 1);
        }
    }
    for (const auto& sp : tok.m_special) {
        tok.m_specialFirstByte[static_cast<unsigned char>(sp.text[0])] = true;
    }
    std::stable_sort(tok.m_special.begin(), tok.m_special.end(),
                     [](const Special& a, const Special& b) { return a.text.size() > b.text.size(); });
    return tok;
}

std::int64_t T5Tokenizer::specialTokenId(const std::string& token) const
{
    for (const auto& s : m_special) {
        if (s.text == token) {
            return s.id;
        }
    }
    return -1;
}

void T5Tokenizer::encodeChunk(const std::string& chunk, std::vector<std::int64_t>& out) const
{
    if (chunk.empty()) {
        return;
    }
    std::vector<int> ids;
    const auto status = m_sp->Encode(chunk, &ids);
    if (!status.ok()) {
        fail(ErrorCode::Internal, "SentencePiece failed to encode a prompt: " + status.ToString());
    }
    bool previousUnknown = false;
    for (const int id : ids) {
        // byte_fallback pieces and <unk> are one fused unknown token in transformers' Unigram.
        const bool unknown = m_sp->IsByte(id) || m_sp->IsUnknown(id);
        if (unknown) {
            if (!previousUnknown) {
                out.push_back(m_unkId);
            }
        } else {
            out.push_back(id);
        }
        previousUnknown = unknown;
    }
}

std::vector<std::int64_t> T5Tokenizer::encode(const std::string& text) const
{
    std::vector<std::int64_t> out;
    std::size_t chunkStart = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const Special* match = nullptr;
        if (!m_specialFirstByte[static_cast<unsigned char>(text[pos])]) {
            ++pos;
            continue;
        }
        for (const auto& s : m_special) { // longest first: leftmost-longest
            if (text.compare(pos, s.text.size(), s.text) == 0) {
                match = &s;
                break;
            }
        }
        if (match == nullptr) {
            ++pos;
            continue;
        }
        encodeChunk(text.substr(chunkStart, pos - chunkStart), out);
        out.push_back(match->id);
        pos += match->text.size();
        chunkStart = pos;
    }
    encodeChunk(text.substr(chunkStart), out);
    out.push_back(m_eosId);
    return out;
}

T5Encoding T5Tokenizer::encodePadded(const std::string& text, int maxLength) const
{
    if (maxLength < 1) {
        fail(ErrorCode::InvalidArgument, "T5 tokenizer: max_length must be at least 1, got " +
                                             std::to_string(maxLength));
    }
    std::vector<std::int64_t> ids = encode(text);
    T5Encoding enc;
    if (static_cast<std::int64_t>(ids.size()) > maxLength) {
        enc.truncated = true;
        ids.resize(static_cast<std::size_t>(maxLength - 1));
        ids.push_back(m_eosId);
    }
    enc.length = static_cast<std::int64_t>(ids.size());
    enc.inputIds = ids;
    enc.inputIds.resize(static_cast<std::size_t>(maxLength), m_padId);
    enc.attentionMask.assign(static_cast<std::size_t>(maxLength), 0);
    std::fill_n(enc.attentionMask.begin(), enc.length, 1);
    return enc;
}

} // namespace i2v
