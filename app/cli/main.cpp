// i2v: the command-line front end of I2V Studio. Dispatches to the subcommands listed in commands.h.

#include "cli_common.h"
#include "commands.h"

#include "core/engine/api/runtime_info.h"
#include "core/service/error_report.h"

#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Command {
    const char* name;
    int (*run)(const std::vector<std::string>&);
    const char* summary;
};

#define I2V_COMMAND_ENTRY(name, function, summary) {name, &function, summary},
const Command kCommands[] = {I2V_CLI_COMMANDS(I2V_COMMAND_ENTRY)};
#undef I2V_COMMAND_ENTRY

std::string usage()
{
    std::string text = "Usage: i2v <command> [options]\n"
                       "       i2v <command> --help\n"
                       "       i2v --version\n\n"
                       "Turns a still image and a prompt into a short video clip, on this computer.\n\n"
                       "Commands:\n";
    for (const Command& c : kCommands) {
        std::string name = std::string("  ") + c.name;
        name.resize(std::max<std::size_t>(name.size() + 2, 14), ' ');
        text += name + c.summary + "\n";
    }
    text += "\nExample:\n"
            "  i2v generate --image photo.jpg --prompt \"camera slowly zooming in\" --out clip.mp4\n\n"
            "Exit codes:\n" +
            i2v::exitCodeTable();
    return text;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(usage().c_str(), stderr);
        return i2v::kExitUsage;
    }
    const std::string first = args.front();
    if (first == "--help" || first == "-h") {
        std::fputs(usage().c_str(), stdout);
        return i2v::kExitOk;
    }
    if (first == "--version") {
        std::printf("i2v %s (I2V Studio)\n%s\n", I2V_VERSION, i2v::runtimeSummary().c_str());
        return i2v::kExitOk;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    std::string name = first;
    if (first == "help" && !rest.empty()) { // "i2v help generate" = "i2v generate --help"
        name = rest.front();
        rest = {"--help"};
    }
    for (const Command& c : kCommands)
        if (name == c.name)
            return c.run(rest);
    return i2v::cli::reportError(
        {i2v::ErrorCode::InvalidArgument, "'" + name + "' is not an i2v command (run `i2v --help` for the list)"});
}
