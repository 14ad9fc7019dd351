#include "cli_common.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

namespace i2v::cli {

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                     std::size_t maxPositionals)
{
    ParsedArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            parsed.help = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0 && arg != "-" && parsed.positionals.size() < maxPositionals) {
            parsed.positionals.push_back(arg);
            continue;
        }
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
            fail(ErrorCode::InvalidArgument, "'" + arg + "': unexpected argument (options start with --; see --help)");
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        const auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
        if (spec == specs.end())
            fail(ErrorCode::InvalidArgument, "--" + name + ": unknown option (see --help)");
        if (parsed.values.count(name) || parsed.switches.count(name))
            fail(ErrorCode::InvalidArgument, "--" + name + ": given twice");
        if (spec->valueName.empty()) {
            if (inlineValue)
                fail(ErrorCode::InvalidArgument, "--" + name + ": takes no value");
            parsed.switches.insert(name);
            continue;
        }
        if (inlineValue) {
            parsed.values[name] = *inlineValue;
        } else {
            if (i + 1 >= args.size())
                fail(ErrorCode::InvalidArgument, "--" + name + ": needs a value (" + spec->valueName + ")");
            // "--fps --out o.mp4": the value is missing; taking "--out" as it would blame 'o.mp4' instead.
            const std::string& next = args[i + 1];
            if (next.size() > 2 && next.rfind("--", 0) == 0 && std::isalpha(static_cast<unsigned char>(next[2])))
                fail(ErrorCode::InvalidArgument, "--" + name + ": needs a value (" + spec->valueName +
                                                     ") before the next option " + next.substr(0, next.find('=')) +
                                                     " (to pass a value that starts with --, write --" + name +
                                                     "=VALUE)");
            parsed.values[name] = args[++i];
        }
    }
    return parsed;
}

std::string optionsHelp(const std::vector<OptionSpec>& specs)
{
    std::vector<OptionSpec> all = specs;
    all.push_back({"help", "", "show this help"});
    std::string text;
    for (const OptionSpec& s : all) {
        std::string line = "  --" + s.name + (s.valueName.empty() ? "" : " " + s.valueName);
        line.resize(std::max<std::size_t>(line.size() + 2, 26), ' ');
        text += line + s.help + "\n";
    }
    return text;
}

int reportError(const Error& error)
{
    std::fprintf(stderr, "%s\n", formatErrorLine(error).c_str());
    return exitCodeFor(error.code);
}

} // namespace i2v::cli
