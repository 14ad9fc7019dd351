// Port of the text preparation in transformers' tokenization_clip.py (slow CLIPTokenizer, no ftfy):
// BasicTokenizer(strip_accents=False, do_split_on_punc=False).tokenize and the pre-tokenisation regex.
// Deviation: Unicode tables are utf8proc's (Unicode 15 in Debian 12) instead of Python 3.11's (14.0);
// they differ only for characters added in Unicode 15.

#include "core/engine/tokenizer/clip_text.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace i2v::clip {
namespace {

utf8proc_category_t category(char32_t c)
{
    return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

bool isLetter(char32_t c)
{
    const auto k = category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

bool isNumber(char32_t c)
{
    const auto k = category(c);
    return k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO;
}

// BERT's _is_control: category C* except tab, newline, carriage return.
bool isControl(char32_t c)
{
    if (c == U'\t' || c == U'\n' || c == U'\r')
        return false;
    const auto k = category(c);
    return k == UTF8PROC_CATEGORY_CN || k >= UTF8PROC_CATEGORY_CC;
}

// BERT's _is_whitespace.
bool isBertWhitespace(char32_t c)
{
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || category(c) == UTF8PROC_CATEGORY_ZS;
}

// The CJK blocks BERT surrounds with spaces (kana and hangul are not included).
bool isCjkIdeograph(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// Unicode "Cased" (Lu, Ll, Lt, or any character with a case mapping), for the final-sigma rule.
bool isCased(char32_t c)
{
    const auto k = category(c);
    if (k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT)
        return true;
    const auto i = static_cast<utf8proc_int32_t>(c);
    return utf8proc_tolower(i) != i || utf8proc_toupper(i) != i;
}

// Unicode "Case_Ignorable": Mn, Me, Cf, Lm, Sk and the Word_Break MidLetter/MidNumLet/Single_Quote set.
bool isCaseIgnorable(char32_t c)
{
    switch (c) {
    case 0x27: case 0x2E: case 0x3A: case 0xB7: case 0x387: case 0x55F: case 0x5F4: case 0x2018:
    case 0x2019: case 0x2024: case 0x2027: case 0xFE13: case 0xFE52: case 0xFE55: case 0xFF07:
    case 0xFF0E: case 0xFF1A:
        return true;
    default:
        break;
    }
    const auto k = category(c);
    return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_ME || k == UTF8PROC_CATEGORY_CF ||
           k == UTF8PROC_CATEGORY_LM || k == UTF8PROC_CATEGORY_SK;
}

// Python str.lower() of one word: full lowercase mapping (U+0130 -> "i\u0307"), Final_Sigma context.
void appendLower(std::u32string_view word, std::u32string& out)
{
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char32_t c = word[i];
        if (c == 0x130) {
            out += U'i';
            out += char32_t(0x307);
        } else if (c == 0x3A3) {
            std::size_t j = i;
            while (j > 0 && isCaseIgnorable(word[j - 1]))
                --j;
            bool finalSigma = j > 0 && isCased(word[j - 1]);
            if (finalSigma) {
                std::size_t k = i + 1;
                while (k < word.size() && isCaseIgnorable(word[k]))
                    ++k;
                finalSigma = k == word.size() || !isCased(word[k]);
            }
            out += finalSigma ? char32_t(0x3C2) : char32_t(0x3C3);
        } else {
            out += static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
        }
    }
}

std::u32string nfc(std::u32string_view text)
{
    const std::string utf8 = encodeUtf8(text);
    if (utf8.empty())
        return {};
    utf8proc_uint8_t* mapped = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                static_cast<utf8proc_ssize_t>(utf8.size()), &mapped,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    if (n < 0)
        return std::u32string(text); // unreachable for our own valid UTF-8 without U+0000
    return decodeUtf8(std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n)));
}

// Case-insensitive match of ASCII `literal` at text[pos] (simple case folding; text is lower-cased).
bool matchesAt(std::u32string_view text, std::size_t pos, std::string_view literal)
{
    if (pos + literal.size() > text.size())
        return false;
    for (std::size_t i = 0; i < literal.size(); ++i) {
        const char32_t c = text[pos + i];
        const char a = literal[i];
        const bool same = c == static_cast<char32_t>(a) ||
                          (a >= 'a' && a <= 'z' && c == static_cast<char32_t>(a - 'a' + 'A')) ||
                          (a == 's' && c == 0x17F) || (a == 'k' && c == 0x212A);
        if (!same)
            return false;
    }
    return true;
}

} // namespace

bool isPySpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

std::u32string decodeUtf8(std::string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            out += char32_t(0xFFFD);
            ++p;
            --left;
            continue;
        }
        out += static_cast<char32_t>(cp);
        p += n;
        left -= n;
    }
    return out;
}

std::string encodeUtf8(std::u32string_view text)
{
    std::string out;
    out.reserve(text.size());
    utf8proc_uint8_t buf[4];
    for (const char32_t c : text) {
        const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf);
        out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
    }
    return out;
}

std::u32string basicClean(std::u32string_view text)
{
    std::u32string cleaned;
    cleaned.reserve(text.size());
    for (const char32_t c : text) {
        if (c == 0 || c == 0xFFFD || isControl(c))
            continue;
        if (isBertWhitespace(c)) {
            cleaned += U' ';
        } else if (isCjkIdeograph(c)) {
            cleaned += U' ';
            cleaned += c;
            cleaned += U' ';
        } else {
            cleaned += c;
        }
    }
    const std::u32string normal = nfc(cleaned);

    std::u32string out;
    out.reserve(normal.size());
    std::size_t i = 0;
    while (i < normal.size()) {
        while (i < normal.size() && isPySpace(normal[i]))
            ++i;
        std::size_t j = i;
        while (j < normal.size() && !isPySpace(normal[j]))
            ++j;
        if (j > i) {
            if (!out.empty())
                out += U' ';
            appendLower(std::u32string_view(normal).substr(i, j - i), out);
        }
        i = j;
    }
    return out;
}

std::vector<std::u32string> preTokenize(std::u32string_view text)
{
    static constexpr std::string_view kSpecials[] = {"<|startoftext|>", "<|endoftext|>"};
    static constexpr std::string_view kContractions[] = {"s", "t", "re", "ve", "m", "ll", "d"};
    std::vector<std::u32string> words;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        std::size_t len = 0;
        for (const auto special : kSpecials) {
            if (matchesAt(text, i, special)) {
                len = special.size();
                break;
            }
        }
        if (!len && text[i] == U'\'') {
            for (const auto tail : kContractions) {
                if (matchesAt(text, i + 1, tail)) {
                    len = 1 + tail.size();
                    break;
                }
            }
        }
        if (!len && isLetter(text[i])) {
            while (i + len < n && isLetter(text[i + len]))
                ++len;
        } else if (!len && isNumber(text[i])) {
            len = 1;
        } else if (!len && !isPySpace(text[i])) {
            while (i + len < n && !isPySpace(text[i + len]) && !isLetter(text[i + len]) && !isNumber(text[i + len]))
                ++len;
        }
        if (len) {
            words.emplace_back(text.substr(i, len));
            i += len;
        } else {
            ++i; // whitespace between matches
        }
    }
    return words;
}

} // namespace i2v::clip
