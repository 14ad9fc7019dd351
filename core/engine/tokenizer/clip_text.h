#pragma once
// Text preparation of transformers' slow CLIPTokenizer when ftfy is not installed (the default), ported
// from transformers/models/clip/tokenization_clip.py (BasicTokenizer with strip_accents=False and no
// punctuation split, then the pre-tokenisation regex). Unicode facts come from utf8proc; the regex is a
// hand-written scanner over code points. Internal to the tokenizer; torch-free.

#include <string>
#include <string_view>
#include <vector>

namespace i2v::clip {

// UTF-8 -> code points. Invalid sequences become U+FFFD (which the cleanup then drops).
std::u32string decodeUtf8(std::string_view text);
std::string encodeUtf8(std::u32string_view text);

// BasicTokenizer.tokenize joined with single spaces: drops U+0000, U+FFFD and category C* except
// \t \n \r; whitespace (incl. Zs) -> space; spaces around CJK ideographs; NFC; split on whitespace;
// Python str.lower() per word (full mapping incl. U+0130 and final sigma); re-join with ' '.
std::u32string basicClean(std::u32string_view text);

// re.findall of `<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`
// with IGNORECASE (simple case folding: U+017F matches s, U+212A matches k).
std::vector<std::u32string> preTokenize(std::u32string_view text);

// Python str.isspace().
bool isPySpace(char32_t c);

} // namespace i2v::clip
