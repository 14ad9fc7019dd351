#pragma once
// Prompt templates: a named prompt (per language) with suggested parameters. Built-in templates ship in
// resources/templates/builtin.json; the user's own live in <user data>/templates.json. Both use the same
// JSON document: {"schema_version": 2, "templates": [ ... ]}. Pure data + JSON conversion; no Qt.

#include <map>
#include <string>
#include <vector>

namespace i2v {

inline constexpr int kTemplateSchemaVersion = 2;

struct PromptTemplate {
    std::string id;                                // stable key ("walk-forward", "user-1700000000-1")
    std::map<std::string, std::string> name;       // locale ("en", "zh_CN") -> display name; "en" expected
    std::map<std::string, std::string> prompt;     // locale -> prompt text
    std::string negativePrompt;
    std::map<std::string, double> params;          // suggested numeric parameters by ParamSpec name
    std::map<std::string, std::string> choices;    // suggested Choice parameters ("motion": "zoom-in")
    bool builtin = false;                          // set by the store, never read from JSON
    bool team = false;                             // from the shared team folder (read-only); set by the store

    // The text for `locale` ("zh_CN"), else its language ("zh"), else "en", else any; empty when none.
    std::string localizedName(const std::string& locale) const;
    std::string localizedPrompt(const std::string& locale) const;
};

// Brings a parsed template document of any older schema to kTemplateSchemaVersion (a JSON text in, a
// JSON text out). Version 1 (no schema_version key, or 1) had plain-string "name"/"prompt" and a flat
// "parameters" object mixing numbers and strings. Throws I2vError(InvalidArgument) when the text is not
// a template document or its schema_version is newer than this program understands.
std::string migrateTemplateDocument(const std::string& json);

// Parses a document (migrating it first). Throws I2vError(InvalidArgument) naming what is wrong.
std::vector<PromptTemplate> templatesFromJson(const std::string& json);
// Serialises at kTemplateSchemaVersion, pretty-printed.
std::string templatesToJson(const std::vector<PromptTemplate>& templates);

} // namespace i2v
