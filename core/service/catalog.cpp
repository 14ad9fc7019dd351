#include "core/service/catalog.h"

#include "core/engine/api/registry.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace i2v {
namespace {

const char* kindName(ParamKind kind)
{
    switch (kind) {
    case ParamKind::Int: return "int";
    case ParamKind::Float: return "float";
    case ParamKind::Choice: return "choice";
    case ParamKind::Bool: return "bool";
    }
    return "unknown";
}

std::string number(double v, ParamKind kind)
{
    char text[32];
    if (kind == ParamKind::Int)
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(v));
    else
        std::snprintf(text, sizeof text, "%g", v);
    return text;
}

std::string defaultText(const ParamSpec& p)
{
    if (p.kind == ParamKind::Choice) {
        const auto i = static_cast<std::size_t>(p.defaultValue);
        return i < p.choices.size() ? p.choices[i] : std::string();
    }
    if (p.kind == ParamKind::Bool)
        return p.defaultValue != 0 ? "true" : "false";
    return number(p.defaultValue, p.kind);
}

nlohmann::json paramJson(const ParamSpec& p)
{
    nlohmann::json j{{"name", p.name}, {"label", p.label}, {"kind", kindName(p.kind)}, {"description", p.description}};
    if (p.kind == ParamKind::Choice) {
        j["choices"] = p.choices;
        j["default"] = defaultText(p);
    } else if (p.kind == ParamKind::Bool) {
        j["default"] = p.defaultValue != 0;
    } else {
        j["min"] = p.minValue;
        j["max"] = p.maxValue;
        j["default"] = p.defaultValue;
        j["step"] = p.step;
        if (requiredMultiple(p) > 1)
            j["multiple_of"] = requiredMultiple(p);
        if (requiredOffset(p) > 0)
            j["multiple_offset"] = requiredOffset(p); // value = multiple_of * k + multiple_offset
    }
    return j;
}

std::string paramLine(const ParamSpec& p)
{
    std::string flag = p.name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    std::string line = "    --" + flag;
    line.resize(std::max<std::size_t>(line.size() + 1, 20), ' ');
    if (p.kind == ParamKind::Choice) {
        std::string list;
        for (const std::string& c : p.choices)
            list += (list.empty() ? "" : "|") + c;
        line += list + " (default " + defaultText(p) + ")";
    } else if (p.kind == ParamKind::Bool) {
        line += "true|false (default " + defaultText(p) + ")";
    } else {
        line += kindName(p.kind) + std::string(" ") + number(p.minValue, p.kind) + ".." + number(p.maxValue, p.kind) +
                " (default " + defaultText(p) +
                (requiredOffset(p) > 0 ? ", of the form " + std::to_string(requiredMultiple(p)) + "k + " +
                                             std::to_string(requiredOffset(p))
                 : requiredMultiple(p) > 1 ? ", a multiple of " + std::to_string(requiredMultiple(p))
                 : p.step != 1 && p.step > 0 ? ", step " + number(p.step, p.kind)
                                              : "") +
                ")";
    }
    if (!p.description.empty())
        line += "  " + p.description;
    return line;
}

} // namespace

std::string describeEngines(bool asJson)
{
    if (asJson) {
        nlohmann::json list = nlohmann::json::array();
        for (const ModelFamily* f : modelFamilies()) {
            nlohmann::json params = nlohmann::json::array();
            for (const ParamSpec& p : f->parameters())
                params.push_back(paramJson(p));
            list.push_back({{"id", f->id()},
                            {"name", f->displayName()},
                            {"description", f->description()},
                            {"needs_weights", f->needsWeights()},
                            {"parameters", params}});
        }
        return list.dump(2) + "\n";
    }
    if (modelFamilies().empty())
        return "No engines in this build.\n";
    std::string text;
    for (const ModelFamily* f : modelFamilies()) {
        text += f->id() + "  " + f->displayName() + (f->needsWeights() ? "  (needs a model: --model FOLDER)" : "  (no download needed)") + "\n";
        if (!f->description().empty())
            text += "  " + f->description() + "\n";
        text += "  parameters:\n";
        for (const ParamSpec& p : f->parameters())
            text += paramLine(p) + "\n";
        text += "\n";
    }
    return text;
}

std::string describeModels(bool asJson)
{
    nlohmann::json list = nlohmann::json::array();
    std::string text;
    for (const ModelFamily* f : modelFamilies()) {
        if (!f->needsWeights()) {
            list.push_back({{"family", f->id()}, {"id", f->id()}, {"path", ""}, {"revision", ""}, {"built_in", true}});
            text += f->id() + "  built in (no weights needed)\n";
            continue;
        }
        const std::vector<ModelInfo> found = f->discover();
        for (const ModelInfo& m : found) {
            list.push_back({{"family", m.family}, {"id", m.id}, {"path", m.path}, {"revision", m.revision},
                            {"built_in", false}});
            text += f->id() + "  " + m.id + (m.revision.empty() ? "" : " @ " + m.revision.substr(0, 12)) + "  " +
                    m.path + "\n";
        }
        if (found.empty())
            text += f->id() + "  no model found in the Hugging Face cache; download one, or pass --model FOLDER\n";
    }
    return asJson ? list.dump(2) + "\n" : text;
}

} // namespace i2v
