#pragma once
// Parsing JSON that comes from users' files (batch lines, recipes, the queue file) with a nesting limit.
// nlohmann's parser is iterative, but dump(), comparisons and our readers recurse: a 140 KB line of 70 000
// nested arrays overflowed the stack and killed a whole batch. Real recipes nest 3 levels.

#include <nlohmann/json.hpp>

#include <string_view>

namespace i2v {

inline constexpr int kMaxJsonDepth = 64;

// Like nlohmann::json::parse(text, nullptr, false): a discarded value when `text` is not valid JSON or
// nests deeper than kMaxJsonDepth (then *tooDeep, when given, is set). Never throws.
inline nlohmann::json parseJsonLimited(std::string_view text, bool* tooDeep = nullptr)
{
    struct TooDeep {};
    if (tooDeep)
        *tooDeep = false;
    try {
        return nlohmann::json::parse(
            text,
            [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                if (depth >= kMaxJsonDepth) // depth counts from 0: this is level kMaxJsonDepth + 1
                    throw TooDeep{};
                return true;
            },
            /*allow_exceptions=*/false);
    } catch (const TooDeep&) {
        if (tooDeep)
            *tooDeep = true;
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
}

} // namespace i2v
