#include "core/request/recipe_json.h"

#include "core/base/json_limits.h"

#include "core/base/error.h"
#include "core/request/request_fields.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#ifndef I2V_VERSION
#define I2V_VERSION "0.0.0"
#endif

namespace i2v {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;

[[noreturn]] void badKey(const std::string& key, const std::string& why)
{
    fail(ErrorCode::InvalidArgument, "recipe key \"" + key + "\": " + why);
}

// "output.format" -> {"output", "format"}; "seed" -> {"", "seed"}.
std::pair<std::string, std::string> splitKey(const char* key)
{
    const std::string k = key;
    const std::size_t dot = k.find('.');
    return dot == std::string::npos ? std::pair{std::string(), k} : std::pair{k.substr(0, dot), k.substr(dot + 1)};
}

json toJson(const FieldValue& v)
{
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return *i;
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    if (const auto* b = std::get_if<bool>(&v))
        return *b;
    return nullptr;
}

std::int64_t wholeNumber(const json& v, const std::string& key)
{
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number_unsigned() && v.get<std::uint64_t>() <= std::uint64_t(INT64_MAX))
        return static_cast<std::int64_t>(v.get<std::uint64_t>());
    if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() && std::abs(v.get<double>()) < 9.0e15)
        return static_cast<std::int64_t>(v.get<double>());
    badKey(key, "expected a whole number, got " + v.dump());
}

// The JSON value as the field's type; a wrong type throws naming the key.
FieldValue fromJson(const RequestField& field, const json& v, const std::string& key)
{
    switch (field.type) {
    case FieldType::Text:
        if (!v.is_string())
            badKey(key, "expected text, got " + std::string(v.type_name()));
        return v.get<std::string>();
    case FieldType::Format:
        if (!v.is_string())
            badKey(key, "expected text, got " + std::string(v.type_name()));
        return parseFieldText(field, v.get<std::string>(), "recipe key \"" + key + "\"");
    case FieldType::Int: {
        const std::int64_t n = wholeNumber(v, key);
        if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max())
            badKey(key, "number " + std::to_string(n) + " is out of range");
        return n;
    }
    case FieldType::Int64:
    case FieldType::OptionalInt64:
        return wholeNumber(v, key);
    case FieldType::Number:
        if (!v.is_number())
            badKey(key, "expected a number, got " + std::string(v.type_name()));
        return v.get<double>();
    case FieldType::Bool:
        if (!v.is_boolean())
            badKey(key, "expected true or false, got " + v.dump());
        return v.get<bool>();
    }
    return {};
}

// The member for a dotted key, or nullptr when absent or null. A parent given as text stands for its
// "path" member; any other non-object parent is an error naming it.
const json* findKey(const json& j, const std::string& parent, const std::string& child, json& shorthand)
{
    const json* scope = &j;
    if (!parent.empty()) {
        const auto it = j.find(parent);
        if (it == j.end() || it->is_null())
            return nullptr;
        if (it->is_string()) {
            if (child != "path")
                return nullptr;
            shorthand = *it;
            return &shorthand;
        }
        if (!it->is_object())
            badKey(parent, "expected an object (or the path as text), got " + std::string(it->type_name()));
        scope = &*it;
    }
    const auto it = scope->find(child);
    if (it == scope->end() || it->is_null())
        return nullptr;
    return &*it;
}

} // namespace

std::string recipeToJson(const GenerationRequest& r, const GenerationResult* result)
{
    json j;
    j["schema_version"] = kSchemaVersion;
    j["app"] = "I2V Studio";
    j["app_version"] = I2V_VERSION;
    for (const RequestField& f : requestFields()) {
        if (!f.jsonKey)
            continue;
        const json value = toJson(f.get(r));
        if (value.is_null())
            continue; // an unset optional is left out
        const auto [parent, child] = splitKey(f.jsonKey);
        (parent.empty() ? j : j[parent])[child] = value;
    }
    j["model"]["id"] = result ? result->modelId : std::string();
    j["model"]["revision"] = result ? result->modelRevision : std::string();
    if (result) {
        json details = json::object();
        for (const auto& [k, v] : result->details)
            details[k] = v;
        j["result"] = {{"family", result->family}, {"frames", result->frames.size()},
                       {"fps", result->fps},       {"details", details}};
    }
    // Non-ASCII prompts stay readable in the sidecar; invalid UTF-8 is replaced rather than thrown on.
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

GenerationRequest recipeFromJson(const std::string& text)
{
    bool tooDeep = false;
    const json j = parseJsonLimited(text, &tooDeep);
    if (tooDeep)
        fail(ErrorCode::InvalidArgument, "recipe nests more than " + std::to_string(kMaxJsonDepth) +
                                             " levels deep; a recipe is a flat object of settings");
    if (j.is_discarded()) {
        try {
            (void)json::parse(text); // for the parser's own description of the error
        } catch (const json::exception& e) { // parse_error, or out_of_range for a number such as 1e999
            fail(ErrorCode::InvalidArgument, std::string("recipe is not valid JSON: ") + e.what());
        }
        fail(ErrorCode::InvalidArgument, "recipe is not valid JSON");
    }
    if (!j.is_object())
        fail(ErrorCode::InvalidArgument, "recipe must be a JSON object, got " + std::string(j.type_name()));
    int schema = kSchemaVersion;
    if (const auto it = j.find("schema_version"); it != j.end() && !it->is_null()) {
        const std::int64_t v = wholeNumber(*it, "schema_version");
        schema = v < 1 || v > kSchemaVersion ? 0 : static_cast<int>(v);
        if (schema == 0)
            badKey("schema_version", std::to_string(v) + " is not supported (this version reads 1); " +
                                         "it was written by a newer I2V Studio");
    }

    GenerationRequest r;
    const RequestField* family = findRequestField("family");
    if (const auto it = j.find("engine"); it != j.end() && !it->is_null()) // the CLI's name for it
        family->set(r, fromJson(*family, *it, "engine"));
    for (const RequestField& f : requestFields()) {
        if (!f.jsonKey)
            continue;
        const auto [parent, child] = splitKey(f.jsonKey);
        json shorthand;
        const json* v = findKey(j, parent, child, shorthand);
        if (!v)
            continue;
        const FieldValue value = fromJson(f, *v, f.jsonKey);
        checkFixedRange(f, value, std::string("recipe key \"") + f.jsonKey + "\"");
        f.set(r, value);
    }
    return r;
}

} // namespace i2v
