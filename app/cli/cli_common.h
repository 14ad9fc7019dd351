#pragma once
// Argument parsing shared by the subcommands: declared options, "--name value" / "--name=value",
// "--help". Errors are I2vError(InvalidArgument) naming the flag (exit code 2).

#include "core/base/error.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace i2v::cli {

struct OptionSpec {
    std::string name;      // without "--"
    std::string valueName; // "FILE", "N"...; empty for a switch
    std::string help;
};

struct ParsedArgs {
    std::map<std::string, std::string> values; // options that take a value
    std::set<std::string> switches;            // options without a value that were given
    bool help = false;                         // --help / -h
    std::vector<std::string> positionals;      // arguments that are not options, in order
};

// Parses `args` against `specs`; at most `maxPositionals` arguments that do not start with "--" are
// accepted (more is an error naming the first extra one). A repeated option is an error.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                     std::size_t maxPositionals = 0);
// "  --image FILE          the still picture to animate" lines, one per option, plus --help.
std::string optionsHelp(const std::vector<OptionSpec>& specs);

// Prints the one-line error to stderr; returns the exit code for it.
int reportError(const Error& error);
// Runs `body`, turning any exception into reportError(...) (the service's single mapping).
template <typename F>
int guarded(F&& body);

} // namespace i2v::cli

#include "core/service/error_report.h"

template <typename F>
int i2v::cli::guarded(F&& body)
{
    try {
        return body();
    } catch (...) {
        return reportError(errorFromCurrentException());
    }
}
