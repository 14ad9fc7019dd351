#include "core/presets/prompt_template.h"

#include "core/base/json_limits.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

namespace i2v {
namespace {

using nlohmann::json;

std::string pickLocale(const std::map<std::string, std::string>& texts, const std::string& locale)
{
    if (auto it = texts.find(locale); it != texts.end() && !it->second.empty())
        return it->second;
    const std::string language = locale.substr(0, locale.find('_'));
    for (const auto& [key, text] : texts)
        if (key.substr(0, key.find('_')) == language && !text.empty())
            return text;
    if (auto it = texts.find("en"); it != texts.end())
        return it->second;
    return texts.empty() ? std::string() : texts.begin()->second;
}

std::map<std::string, std::string> localizedMap(const json& value, const std::string& key, std::size_t index)
{
    std::map<std::string, std::string> out;
    if (value.is_string()) {
        out["en"] = value.get<std::string>();
        return out;
    }
    if (!value.is_object())
        fail(ErrorCode::InvalidArgument,
             "template " + std::to_string(index) + ": \"" + key + "\" must be an object of locale -> text");
    for (const auto& [locale, text] : value.items()) {
        if (!text.is_string())
            fail(ErrorCode::InvalidArgument,
                 "template " + std::to_string(index) + ": \"" + key + "." + locale + "\" must be text");
        out[locale] = text.get<std::string>();
    }
    return out;
}

json parseDocument(const std::string& text)
{
    bool tooDeep = false;
    json doc = parseJsonLimited(text, &tooDeep); // a shared team folder is not trusted: dump() recurses
    if (tooDeep)
        fail(ErrorCode::InvalidArgument, "template file nests more than " + std::to_string(kMaxJsonDepth) +
                                             " levels deep");
    if (doc.is_discarded())
        fail(ErrorCode::InvalidArgument, "template file is not valid JSON");
    if (!doc.is_object() || !doc.contains("templates") || !doc["templates"].is_array())
        fail(ErrorCode::InvalidArgument, "template file has no \"templates\" list");
    return doc;
}

// v1 -> v2: plain strings become {"en": ...}; "parameters" splits into numeric "params" and "choices".
void migrateV1(json& doc)
{
    for (json& t : doc["templates"]) {
        if (!t.is_object())
            continue;
        for (const char* key : {"name", "prompt"})
            if (t.contains(key) && t[key].is_string())
                t[key] = json{{"en", t[key]}};
        if (t.contains("parameters") && t["parameters"].is_object()) {
            json params = json::object();
            json choices = json::object();
            for (const auto& [k, v] : t["parameters"].items()) {
                if (v.is_number())
                    params[k] = v;
                else if (v.is_string())
                    choices[k] = v;
            }
            t.erase("parameters");
            t["params"] = params;
            t["choices"] = choices;
        }
    }
    doc["schema_version"] = 2;
}

} // namespace

std::string PromptTemplate::localizedName(const std::string& locale) const { return pickLocale(name, locale); }
std::string PromptTemplate::localizedPrompt(const std::string& locale) const { return pickLocale(prompt, locale); }

std::string migrateTemplateDocument(const std::string& text)
{
    json doc = parseDocument(text);
    int version = 1;
    if (doc.contains("schema_version")) {
        if (!doc["schema_version"].is_number_integer())
            fail(ErrorCode::InvalidArgument, "template file: \"schema_version\" must be an integer");
        version = doc["schema_version"].get<int>();
    }
    if (version > kTemplateSchemaVersion)
        fail(ErrorCode::InvalidArgument, "template file has schema_version " + std::to_string(version) +
                                             ", newer than this program understands (" +
                                             std::to_string(kTemplateSchemaVersion) + ")");
    if (version < 1)
        fail(ErrorCode::InvalidArgument, "template file has an invalid schema_version " + std::to_string(version));
    if (version == 1)
        migrateV1(doc);
    return doc.dump();
}

std::vector<PromptTemplate> templatesFromJson(const std::string& text)
{
    const json doc = json::parse(migrateTemplateDocument(text));
    std::vector<PromptTemplate> out;
    std::size_t index = 0;
    for (const json& t : doc["templates"]) {
        ++index;
        if (!t.is_object())
            fail(ErrorCode::InvalidArgument, "template " + std::to_string(index) + " is not an object");
        PromptTemplate p;
        if (!t.contains("id") || !t["id"].is_string() || t["id"].get<std::string>().empty())
            fail(ErrorCode::InvalidArgument, "template " + std::to_string(index) + " has no \"id\"");
        p.id = t["id"].get<std::string>();
        if (!t.contains("name"))
            fail(ErrorCode::InvalidArgument, "template \"" + p.id + "\" has no \"name\"");
        p.name = localizedMap(t["name"], "name", index);
        if (t.contains("prompt"))
            p.prompt = localizedMap(t["prompt"], "prompt", index);
        if (t.contains("negative_prompt") && t["negative_prompt"].is_string())
            p.negativePrompt = t["negative_prompt"].get<std::string>();
        if (t.contains("params") && t["params"].is_object())
            for (const auto& [k, v] : t["params"].items())
                if (v.is_number())
                    p.params[k] = v.get<double>();
        if (t.contains("choices") && t["choices"].is_object())
            for (const auto& [k, v] : t["choices"].items())
                if (v.is_string())
                    p.choices[k] = v.get<std::string>();
        out.push_back(std::move(p));
    }
    return out;
}

std::string templatesToJson(const std::vector<PromptTemplate>& templates)
{
    json list = json::array();
    for (const PromptTemplate& p : templates) {
        json t;
        t["id"] = p.id;
        t["name"] = p.name;
        t["prompt"] = p.prompt;
        t["negative_prompt"] = p.negativePrompt;
        t["params"] = p.params;
        t["choices"] = p.choices;
        list.push_back(std::move(t));
    }
    return json{{"schema_version", kTemplateSchemaVersion}, {"templates", list}}.dump(2) + "\n";
}

} // namespace i2v
