#pragma once
// Internal helper of the scheduler config readers: one key of a JSON object into a typed field, with a
// ModelInvalid I2vError naming the file and the key for a wrong type or an integer out of range.

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

namespace i2v::schedjson {

template <typename T>
void readKey(const nlohmann::json& j, const char* key, T& out, const std::string& name)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        const bool fits = (it->is_number_integer() && it->get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                           it->get<std::int64_t>() <= std::numeric_limits<T>::max()) ||
                          (it->is_number_unsigned() &&
                           it->get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
        if (!fits)
            fail(ErrorCode::ModelInvalid, name + ": key \"" + key + "\" = " + it->dump() +
                                              " is not an integer in range. The model's scheduler config is damaged.");
    }
    if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number())
            fail(ErrorCode::ModelInvalid, name + ": key \"" + key + "\" = " + it->dump() + " is not a number");
    }
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception& e) {
        fail(ErrorCode::ModelInvalid, name + ": key \"" + key + "\" has the wrong type (" + e.what() + ")");
    }
}

inline void readOptional(const nlohmann::json& j, const char* key, std::optional<double>& out, const std::string& name)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return;
    double v = 0;
    readKey(j, key, v, name);
    out = v;
}

inline nlohmann::json parseObject(const std::string& text, const std::string& name)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        fail(ErrorCode::ModelInvalid, name + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object())
        fail(ErrorCode::ModelInvalid, name + ": expected a JSON object");
    return j;
}

std::string readTextFile(const std::string& path); // FileNotFound when missing/unreadable

} // namespace i2v::schedjson
