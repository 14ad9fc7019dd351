// The Wan pipelines' prompt_clean (diffusers 0.42.1 pipelines/wan/pipeline_wan_i2v.py basic_clean +
// whitespace_clean): ftfy 6.3 fix_text (ftfy/__init__.py fix_text / fix_and_explain, ftfy/fixes.py,
// ftfy/chardata.py), Python's html.unescape twice, strip, re.sub(r"\s+", " "), strip. Written from the
// behaviour of those functions; what is not matched is listed in t5_tokenizer.h.

#include "core/engine/tokenizer/t5_tokenizer.h"

#include "core/engine/tokenizer/clip_text.h"

#include <utf8proc.h>

#include <cctype>
#include <cstdlib>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace i2v {
namespace {

using clip::decodeUtf8;
using clip::encodeUtf8;
using clip::isPySpace;

// HTML 4.01 named character references (plus &apos;), name -> code point.
const std::unordered_map<std::string, char32_t>& entityTable()
{
    static const std::unordered_map<std::string, char32_t> table = {
    {"AElig", 0xC6}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Agrave", 0xC0}, {"Alpha", 0x391}, {"Aring", 0xC5},
    {"Atilde", 0xC3}, {"Auml", 0xC4}, {"Beta", 0x392}, {"Ccedil", 0xC7}, {"Chi", 0x3A7}, {"Dagger", 0x2021},
    {"Delta", 0x394}, {"ETH", 0xD0}, {"Eacute", 0xC9}, {"Ecirc", 0xCA}, {"Egrave", 0xC8}, {"Epsilon", 0x395},
    {"Eta", 0x397}, {"Euml", 0xCB}, {"Gamma", 0x393}, {"Iacute", 0xCD}, {"Icirc", 0xCE}, {"Igrave", 0xCC},
    {"Iota", 0x399}, {"Iuml", 0xCF}, {"Kappa", 0x39A}, {"Lambda", 0x39B}, {"Mu", 0x39C}, {"Ntilde", 0xD1},
    {"Nu", 0x39D}, {"OElig", 0x152}, {"Oacute", 0xD3}, {"Ocirc", 0xD4}, {"Ograve", 0xD2}, {"Omega", 0x3A9},
    {"Omicron", 0x39F}, {"Oslash", 0xD8}, {"Otilde", 0xD5}, {"Ouml", 0xD6}, {"Phi", 0x3A6}, {"Pi", 0x3A0},
    {"Prime", 0x2033}, {"Psi", 0x3A8}, {"Rho", 0x3A1}, {"Scaron", 0x160}, {"Sigma", 0x3A3}, {"THORN", 0xDE},
    {"Tau", 0x3A4}, {"Theta", 0x398}, {"Uacute", 0xDA}, {"Ucirc", 0xDB}, {"Ugrave", 0xD9}, {"Upsilon", 0x3A5},
    {"Uuml", 0xDC}, {"Xi", 0x39E}, {"Yacute", 0xDD}, {"Yuml", 0x178}, {"Zeta", 0x396}, {"aacute", 0xE1},
    {"acirc", 0xE2}, {"acute", 0xB4}, {"aelig", 0xE6}, {"agrave", 0xE0}, {"alefsym", 0x2135}, {"alpha", 0x3B1},
    {"amp", 0x26}, {"and", 0x2227}, {"ang", 0x2220}, {"apos", 0x27}, {"aring", 0xE5}, {"asymp", 0x2248},
    {"atilde", 0xE3}, {"auml", 0xE4}, {"bdquo", 0x201E}, {"beta", 0x3B2}, {"brvbar", 0xA6}, {"bull", 0x2022},
    {"cap", 0x2229}, {"ccedil", 0xE7}, {"cedil", 0xB8}, {"cent", 0xA2}, {"chi", 0x3C7}, {"circ", 0x2C6},
    {"clubs", 0x2663}, {"cong", 0x2245}, {"copy", 0xA9}, {"crarr", 0x21B5}, {"cup", 0x222A}, {"curren", 0xA4},
    {"dArr", 0x21D3}, {"dagger", 0x2020}, {"darr", 0x2193}, {"deg", 0xB0}, {"delta", 0x3B4}, {"diams", 0x2666},
    {"divide", 0xF7}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8}, {"empty", 0x2205}, {"emsp", 0x2003},
    {"ensp", 0x2002}, {"epsilon", 0x3B5}, {"equiv", 0x2261}, {"eta", 0x3B7}, {"eth", 0xF0}, {"euml", 0xEB},
    {"euro", 0x20AC}, {"exist", 0x2203}, {"fnof", 0x192}, {"forall", 0x2200}, {"frac12", 0xBD}, {"frac14", 0xBC},
    {"frac34", 0xBE}, {"frasl", 0x2044}, {"gamma", 0x3B3}, {"ge", 0x2265}, {"gt", 0x3E}, {"hArr", 0x21D4},
    {"harr", 0x2194}, {"hearts", 0x2665}, {"hellip", 0x2026}, {"iacute", 0xED}, {"icirc", 0xEE}, {"iexcl", 0xA1},
    {"igrave", 0xEC}, {"image", 0x2111}, {"infin", 0x221E}, {"int", 0x222B}, {"iota", 0x3B9}, {"iquest", 0xBF},
    {"isin", 0x2208}, {"iuml", 0xEF}, {"kappa", 0x3BA}, {"lArr", 0x21D0}, {"lambda", 0x3BB}, {"lang", 0x2329},
    {"laquo", 0xAB}, {"larr", 0x2190}, {"lceil", 0x2308}, {"ldquo", 0x201C}, {"le", 0x2264}, {"lfloor", 0x230A},
    {"lowast", 0x2217}, {"loz", 0x25CA}, {"lrm", 0x200E}, {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", 0x3C},
    {"macr", 0xAF}, {"mdash", 0x2014}, {"micro", 0xB5}, {"middot", 0xB7}, {"minus", 0x2212}, {"mu", 0x3BC},
    {"nabla", 0x2207}, {"nbsp", 0xA0}, {"ndash", 0x2013}, {"ne", 0x2260}, {"ni", 0x220B}, {"not", 0xAC},
    {"notin", 0x2209}, {"nsub", 0x2284}, {"ntilde", 0xF1}, {"nu", 0x3BD}, {"oacute", 0xF3}, {"ocirc", 0xF4},
    {"oelig", 0x153}, {"ograve", 0xF2}, {"oline", 0x203E}, {"omega", 0x3C9}, {"omicron", 0x3BF}, {"oplus", 0x2295},
    {"or", 0x2228}, {"ordf", 0xAA}, {"ordm", 0xBA}, {"oslash", 0xF8}, {"otilde", 0xF5}, {"otimes", 0x2297},
    {"ouml", 0xF6}, {"para", 0xB6}, {"part", 0x2202}, {"permil", 0x2030}, {"perp", 0x22A5}, {"phi", 0x3C6},
    {"pi", 0x3C0}, {"piv", 0x3D6}, {"plusmn", 0xB1}, {"pound", 0xA3}, {"prime", 0x2032}, {"prod", 0x220F},
    {"prop", 0x221D}, {"psi", 0x3C8}, {"quot", 0x22}, {"rArr", 0x21D2}, {"radic", 0x221A}, {"rang", 0x232A},
    {"raquo", 0xBB}, {"rarr", 0x2192}, {"rceil", 0x2309}, {"rdquo", 0x201D}, {"real", 0x211C}, {"reg", 0xAE},
    {"rfloor", 0x230B}, {"rho", 0x3C1}, {"rlm", 0x200F}, {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
    {"scaron", 0x161}, {"sdot", 0x22C5}, {"sect", 0xA7}, {"shy", 0xAD}, {"sigma", 0x3C3}, {"sigmaf", 0x3C2},
    {"sim", 0x223C}, {"spades", 0x2660}, {"sub", 0x2282}, {"sube", 0x2286}, {"sum", 0x2211}, {"sup", 0x2283},
    {"sup1", 0xB9}, {"sup2", 0xB2}, {"sup3", 0xB3}, {"supe", 0x2287}, {"szlig", 0xDF}, {"tau", 0x3C4},
    {"there4", 0x2234}, {"theta", 0x3B8}, {"thetasym", 0x3D1}, {"thinsp", 0x2009}, {"thorn", 0xFE},
    {"tilde", 0x2DC}, {"times", 0xD7}, {"trade", 0x2122}, {"uArr", 0x21D1}, {"uacute", 0xFA}, {"uarr", 0x2191},
    {"ucirc", 0xFB}, {"ugrave", 0xF9}, {"uml", 0xA8}, {"upsih", 0x3D2}, {"upsilon", 0x3C5}, {"uuml", 0xFC},
    {"weierp", 0x2118}, {"xi", 0x3BE}, {"yacute", 0xFD}, {"yen", 0xA5}, {"yuml", 0xFF}, {"zeta", 0x3B6},
    {"zwj", 0x200D}, {"zwnj", 0x200C},
    };
    return table;
}

// Names that HTML5 also accepts without the trailing ';' (the Latin-1 ones and six upper-case aliases).
bool isLegacyEntity(const std::string& name, char32_t cp)
{
    return cp <= 0xFF && name != "apos";
}

// Upper-case aliases that HTML5 defines (with and without ';').
const std::unordered_map<std::string, char32_t>& upperAliases()
{
    static const std::unordered_map<std::string, char32_t> table = {
        {"AMP", 0x26}, {"LT", 0x3C}, {"GT", 0x3E}, {"QUOT", 0x22}, {"COPY", 0xA9}, {"REG", 0xAE}};
    return table;
}

// Windows-1252 bytes 0x80..0x9F; 0 where the code page leaves the byte undefined (ftfy's "sloppy"
// variant then keeps the C1 control itself).
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t cp1252ToUnicode(unsigned byte)
{
    if (byte >= 0x80 && byte <= 0x9F && kCp1252High[byte - 0x80] != 0) {
        return kCp1252High[byte - 0x80];
    }
    return byte;
}

// The single (sloppy) Windows-1252 byte of `c`, or -1.
int unicodeToCp1252(char32_t c)
{
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
        return static_cast<int>(c);
    }
    for (int i = 0; i < 32; ++i) {
        if (kCp1252High[i] == c || (kCp1252High[i] == 0 && c == static_cast<char32_t>(0x80 + i))) {
            return 0x80 + i;
        }
    }
    if (c >= 0x80 && c <= 0x9F) {
        return static_cast<int>(c); // C1 controls round-trip as Latin-1
    }
    return -1;
}

// Python html._replace_charref for a numeric reference body ("#65", "#x41", with or without ';').
std::u32string numericCharRef(const std::u32string& body)
{
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::size_t i = hex ? 2 : 1;
    unsigned long long num = 0;
    bool overflow = false;
    for (; i < body.size() && body[i] != ';'; ++i) {
        const char32_t c = body[i];
        const unsigned d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
        num = num * (hex ? 16 : 10) + d;
        if (num > 0x10FFFF) {
            overflow = true;
            num = 0x110000;
        }
    }
    if (overflow || num > 0x10FFFF || (num >= 0xD800 && num <= 0xDFFF)) {
        return U"\uFFFD";
    }
    if (num == 0) {
        return U"\uFFFD";
    }
    if (num == 0x0D) {
        return U"\r";
    }
    if (num >= 0x80 && num <= 0x9F) {
        return std::u32string(1, cp1252ToUnicode(static_cast<unsigned>(num)));
    }
    const bool invalid = (num >= 0x1 && num <= 0x8) || (num >= 0xE && num <= 0x1F) || (num >= 0x7F && num <= 0x9F) ||
                         (num >= 0xFDD0 && num <= 0xFDEF) || num == 0xB || (num & 0xFFFE) == 0xFFFE;
    if (invalid) {
        return {};
    }
    return std::u32string(1, static_cast<char32_t>(num));
}

bool asciiString(const std::u32string& s, std::string& out)
{
    out.clear();
    for (const char32_t c : s) {
        if (c >= 0x80) {
            return false;
        }
        out.push_back(static_cast<char>(c));
    }
    return true;
}

// Python html.unescape.
std::u32string htmlUnescape(const std::u32string& text)
{
    std::u32string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '&') {
            out.push_back(text[i++]);
            continue;
        }
        // &(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)
        std::size_t j = i + 1;
        std::u32string body;
        if (j < text.size() && text[j] == '#') {
            const bool hex = j + 1 < text.size() && (text[j + 1] == 'x' || text[j + 1] == 'X');
            std::size_t k = j + (hex ? 2 : 1);
            const std::size_t digitsStart = k;
            while (k < text.size() && (hex ? std::isxdigit(static_cast<int>(text[k] < 0x80 ? text[k] : 0)) != 0
                                           : (text[k] >= '0' && text[k] <= '9'))) {
                ++k;
            }
            if (k == digitsStart) {
                out.push_back(text[i++]);
                continue;
            }
            if (k < text.size() && text[k] == ';') {
                ++k;
            }
            out += numericCharRef(text.substr(j, k - j));
            i = k;
            continue;
        }
        std::size_t k = j;
        while (k < text.size() && k - j < 32 && text[k] != '\t' && text[k] != '\n' && text[k] != '\f' &&
               text[k] != ' ' && text[k] != '<' && text[k] != '&' && text[k] != '#' && text[k] != ';') {
            ++k;
        }
        if (k == j) {
            out.push_back(text[i++]);
            continue;
        }
        const bool semicolon = k < text.size() && text[k] == ';';
        const std::u32string name32 = text.substr(j, k - j);
        const std::size_t end = semicolon ? k + 1 : k;
        // Entity names are ASCII: a name with other characters can still start with a legacy one
        // ("&copy—" -> "©—"), so only its ASCII head is looked up.
        std::string name;
        std::size_t asciiHead = 0;
        while (asciiHead < name32.size() && name32[asciiHead] < 0x80) {
            name.push_back(static_cast<char>(name32[asciiHead++]));
        }
        const bool ascii = asciiHead == name32.size();
        bool done = false;
        if (!ascii) {
            for (std::size_t len = std::min(name.size(), name32.size() - 1); len >= 2 && !done; --len) {
                const std::string prefix = name.substr(0, len);
                auto p = entityTable().find(prefix);
                auto a = upperAliases().find(prefix);
                if (p != entityTable().end() && isLegacyEntity(prefix, p->second)) {
                    out.push_back(p->second);
                } else if (a != upperAliases().end()) {
                    out.push_back(a->second);
                } else {
                    continue;
                }
                out += text.substr(j + len, end - (j + len));
                done = true;
            }
        } else {
            const auto& table = entityTable();
            const auto& upper = upperAliases();
            auto full = table.find(name);
            auto alias = upper.find(name);
            if (semicolon && full != table.end()) {
                out.push_back(full->second);
                done = true;
            } else if (alias != upper.end()) {
                out.push_back(alias->second);
                done = true;
            } else if (!semicolon && full != table.end() && isLegacyEntity(name, full->second)) {
                out.push_back(full->second);
                done = true;
            } else {
                // Longest legacy (semicolon-less) prefix of "name;" / "name", as html.unescape does.
                for (std::size_t len = name.size() + (semicolon ? 1 : 0) - 1; len >= 2 && !done; --len) {
                    if (len > name.size()) {
                        continue;
                    }
                    const std::string prefix = name.substr(0, len);
                    auto p = table.find(prefix);
                    auto a = upper.find(prefix);
                    if (p != table.end() && isLegacyEntity(prefix, p->second)) {
                        out.push_back(p->second);
                    } else if (a != upper.end()) {
                        out.push_back(a->second);
                    } else {
                        continue;
                    }
                    out += text.substr(j + len, end - (j + len));
                    done = true;
                }
            }
        }
        if (!done) {
            out += text.substr(i, end - i);
        }
        i = end;
    }
    return out;
}

// ftfy.fixes.unescape_html: only `&#?[0-9A-Za-z]{1,24};`, named ones from the HTML5 table (here: HTML 4),
// also when upper-cased ("&EACUTE;" -> "É").
std::u32string ftfyUnescape(const std::u32string& text)
{
    std::u32string out;
    std::size_t i = 0;
    auto isAlnum = [](char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    while (i < text.size()) {
        if (text[i] != '&') {
            out.push_back(text[i++]);
            continue;
        }
        std::size_t j = i + 1;
        const bool numeric = j < text.size() && text[j] == '#';
        if (numeric) {
            ++j;
        }
        std::size_t k = j;
        while (k < text.size() && k - j < 24 && isAlnum(text[k])) {
            ++k;
        }
        if (k == j || k >= text.size() || text[k] != ';') {
            out.push_back(text[i++]);
            continue;
        }
        const std::u32string match = text.substr(i, k + 1 - i);
        std::string name;
        asciiString(text.substr(j, k - j), name);
        std::u32string replacement = match;
        if (numeric) {
            const std::u32string un = htmlUnescape(match);
            if (un.find(U';') == std::u32string::npos) {
                replacement = un;
            }
        } else if (auto it = entityTable().find(name); it != entityTable().end()) {
            replacement = std::u32string(1, it->second);
        } else if (auto a = upperAliases().find(name); a != upperAliases().end()) {
            replacement = std::u32string(1, a->second);
        } else {
            std::string lower = name;
            bool allUpper = true;
            for (auto& c : lower) {
                if (c >= 'a' && c <= 'z') {
                    allUpper = false;
                }
                if (c >= 'A' && c <= 'Z') {
                    c = static_cast<char>(c - 'A' + 'a');
                }
            }
            if (allUpper) {
                if (auto l = entityTable().find(lower); l != entityTable().end()) {
                    replacement = std::u32string(1, static_cast<char32_t>(utf8proc_toupper(
                                                        static_cast<utf8proc_int32_t>(l->second))));
                }
            }
        }
        out += replacement;
        i = k + 1;
    }
    return out;
}

// Number of bytes of the valid UTF-8 sequence (2..4) starting at bytes[i], or 0.
int utf8SequenceAt(const std::vector<int>& bytes, std::size_t i, char32_t& cp)
{
    const int b0 = bytes[i];
    int n = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
    } else {
        return 0;
    }
    if (i + static_cast<std::size_t>(n) > bytes.size()) {
        return 0;
    }
    std::string seq;
    for (int k = 0; k < n; ++k) {
        const int b = bytes[i + static_cast<std::size_t>(k)];
        if (b < 0) {
            return 0;
        }
        seq.push_back(static_cast<char>(b));
    }
    utf8proc_int32_t out = 0;
    const auto used = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(seq.data()),
                                       static_cast<utf8proc_ssize_t>(seq.size()), &out);
    if (used != n) {
        return 0;
    }
    cp = static_cast<char32_t>(out);
    return n;
}

// Mojibake: UTF-8 bytes that were decoded as Windows-1252 / Latin-1 ("cafÃ©", "â€”"). Characters that
// have a one-byte Windows-1252 form are re-encoded and the UTF-8 sequences among them decoded, for the
// common lead bytes only (see below), so that legitimate text such as "é”…" stays. ftfy decides with a
// "badness" score instead.
std::u32string fixMojibake(const std::u32string& text)
{
    std::vector<int> bytes(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        bytes[i] = text[i] >= 0x80 ? unicodeToCp1252(text[i]) : -1;
    }
    std::u32string out;
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        const int n = bytes[i] >= 0 ? utf8SequenceAt(bytes, i, cp) : 0;
        // Accepted: "Â"/"Ã" + a continuation other than "…" (ftfy keeps "Ã…"), "â" + two (punctuation:
        // "â€”", "â€™"), "ð" + three (emoji). Other three-byte leads ("é”…") are left, as ftfy usually does.
        const bool accept = (n == 2 && (bytes[i] == 0xC2 || bytes[i] == 0xC3) && bytes[i + 1] != 0x85) ||
                            (n == 3 && bytes[i] == 0xE2) || (n == 4 && bytes[i] == 0xF0);
        if (accept) {
            out.push_back(cp);
            i += static_cast<std::size_t>(n);
        } else {
            out.push_back(text[i++]);
        }
    }
    return out;
}

std::u32string nfc(const std::u32string& text)
{
    const std::string utf8 = encodeUtf8(text);
    utf8proc_uint8_t* out = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(utf8.c_str()));
    if (out == nullptr) {
        return text;
    }
    std::u32string result = decodeUtf8(reinterpret_cast<const char*>(out));
    std::free(out);
    return result;
}

std::u32string nfkcChar(char32_t c)
{
    const std::string utf8 = encodeUtf8(std::u32string(1, c));
    utf8proc_uint8_t* out = utf8proc_NFKC(reinterpret_cast<const utf8proc_uint8_t*>(utf8.c_str()));
    if (out == nullptr) {
        return std::u32string(1, c);
    }
    std::u32string result = decodeUtf8(reinterpret_cast<const char*>(out));
    std::free(out);
    return result;
}

// ftfy's fixers after fix_encoding, in its order: c1 controls, ligatures, width, quotes, line breaks,
// (surrogates cannot occur in decoded UTF-8), terminal escapes, control characters.
std::u32string applyCharacterFixes(const std::u32string& in)
{
    static const std::unordered_map<char32_t, std::u32string> kLigatures = {
        {U'\u0132', U"IJ"}, {U'\u0133', U"ij"}, {U'\u0149', U"\u02BCn"}, {U'\u01F1', U"DZ"}, {U'\u01F2', U"Dz"},
        {U'\u01F3', U"dz"}, {U'\u01C4', U"D\u017D"}, {U'\u01C5', U"D\u017E"}, {U'\u01C6', U"d\u017E"},
        {U'\u01C7', U"LJ"}, {U'\u01C8', U"Lj"}, {U'\u01C9', U"lj"}, {U'\u01CA', U"NJ"}, {U'\u01CB', U"Nj"},
        {U'\u01CC', U"nj"}, {U'\uFB00', U"ff"}, {U'\uFB01', U"fi"}, {U'\uFB02', U"fl"}, {U'\uFB03', U"ffi"},
        {U'\uFB04', U"ffl"}, {U'\uFB05', U"\u017Ft"}, {U'\uFB06', U"st"}};
    std::u32string text;
    for (const char32_t c : in) { // fix_c1_controls
        text.push_back(c >= 0x80 && c <= 0x9F ? cp1252ToUnicode(static_cast<unsigned>(c)) : c);
    }
    std::u32string t2;
    for (const char32_t c : text) { // fix_latin_ligatures
        if (auto it = kLigatures.find(c); it != kLigatures.end()) {
            t2 += it->second;
        } else {
            t2.push_back(c);
        }
    }
    text.clear();
    for (const char32_t c : t2) { // fix_character_width
        if (c == 0x3000) {
            text.push_back(U' ');
        } else if (c >= 0xFF01 && c <= 0xFFEF) {
            text += nfkcChar(c);
        } else {
            text.push_back(c);
        }
    }
    for (char32_t& c : text) { // uncurl_quotes
        if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) {
            c = U'\'';
        } else if (c >= 0x201C && c <= 0x201F) {
            c = U'"';
        }
    }
    t2.clear();
    for (std::size_t i = 0; i < text.size(); ++i) { // fix_line_breaks
        const char32_t c = text[i];
        if (c == U'\r' && i + 1 < text.size() && text[i + 1] == U'\n') {
            continue; // "\r\n" -> "\n": the '\n' follows
        }
        t2.push_back((c == U'\r' || c == 0x2028 || c == 0x2029 || c == 0x85) ? U'\n' : c);
    }
    text.clear();
    for (std::size_t i = 0; i < t2.size(); ++i) { // remove_terminal_escapes: \x1b\[[0-9;]*[a-zA-Z]
        if (t2[i] == 0x1B && i + 1 < t2.size() && t2[i + 1] == U'[') {
            std::size_t k = i + 2;
            while (k < t2.size() && ((t2[k] >= U'0' && t2[k] <= U'9') || t2[k] == U';')) {
                ++k;
            }
            if (k < t2.size() && ((t2[k] >= U'a' && t2[k] <= U'z') || (t2[k] >= U'A' && t2[k] <= U'Z'))) {
                i = k;
                continue;
            }
        }
        text.push_back(t2[i]);
    }
    t2.clear();
    for (const char32_t c : text) { // remove_control_chars
        const bool control = c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F ||
                             (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
        if (!control) {
            t2.push_back(c);
        }
    }
    return t2;
}

std::u32string ftfyFixText(const std::u32string& text)
{
    std::u32string out;
    bool unescape = true;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t brk = text.find(U'\n', pos);
        brk = brk == std::u32string::npos ? text.size() : brk + 1;
        std::u32string segment = text.substr(pos, brk - pos);
        if (segment.find(U'<') != std::u32string::npos) {
            unescape = false; // ftfy's "auto": sticky for the rest of the text
        }
        for (int guard = 0; guard < 64; ++guard) { // ftfy loops until nothing changes
            const std::u32string before = segment;
            if (unescape) {
                segment = ftfyUnescape(segment);
            }
            segment = fixMojibake(segment);
            segment = applyCharacterFixes(segment);
            segment = nfc(segment);
            if (segment == before) {
                break;
            }
        }
        out += segment;
        pos = brk;
    }
    return out;
}

} // namespace

std::string wanPromptClean(const std::string& utf8Text)
{
    std::u32string text = ftfyFixText(decodeUtf8(utf8Text));
    text = htmlUnescape(htmlUnescape(text));
    // strip(), re.sub(r"\s+", " "), strip()
    std::u32string out;
    bool pendingSpace = false;
    for (const char32_t c : text) {
        if (isPySpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) {
            out.push_back(U' ');
            pendingSpace = false;
        }
        out.push_back(c);
    }
    return encodeUtf8(out);
}

} // namespace i2v
