// i2v: the command-line front end of I2V Studio. Dispatches to the subcommands listed in commands.h.

#include "cli_common.h"
#include "commands.h"

#include "core/engine/api/runtime_info.h"
#include "core/service/error_report.h"
#include "core/service/interrupt.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

// Ctrl-C from the first instant: this runs from .preinit_array, before any shared library's static
// initialisers (LibTorch's take ~0.1 s), so a signal during start-up is remembered and the command's
// watcher cancels cleanly (exit code 6) instead of the process dying by the signal (130).
// Started through the `i2v` launcher (launcher.cpp), the signals it blocked are unblocked here, once the
// handler is in place: one that arrived while the libraries were loading is delivered now.
extern "C" void i2vCliPreinit(int, char**, char** envp)
{
    i2v::captureInterruptsEarly();
    // envp, not getenv(): the C library's environment pointer is not set up yet this early.
    const char* blocked = nullptr;
    static constexpr char kName[] = "I2V_LAUNCHER_BLOCKED=";
    for (char** e = envp; e && *e; ++e)
        if (std::strncmp(*e, kName, sizeof kName - 1) == 0)
            blocked = *e + sizeof kName - 1;
    if (!blocked)
        return;
    sigset_t set;
    sigemptyset(&set);
    for (const char* p = blocked; *p;) {
        char* end = nullptr;
        const long sig = std::strtol(p, &end, 10);
        if (end == p)
            break;
        if (sig > 0 && sig < 65)
            sigaddset(&set, static_cast<int>(sig));
        p = *end == ',' ? end + 1 : end;
    }
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
}
__attribute__((section(".preinit_array"), used)) static void (*const kI2vCliPreinit)(int, char**, char**) =
    &i2vCliPreinit;

namespace {

// Commands that cancel through an InterruptWatcher take over an early signal; the others end early capture.
bool watchesInterrupts(const std::string& command) { return command == "generate" || command == "batch"; }

int cancelledAtStart()
{
    std::fputs("i2v: cancelled before the command started; nothing was written\n", stderr);
    return i2v::kExitCancelled;
}

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
    if (args.empty() || args.front().rfind("-", 0) == 0) { // usage, --help, --version: no command runs
        if (i2v::endEarlyInterruptCapture() != 0)
            return cancelledAtStart();
    }
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
    const bool helpOnly = std::find(rest.begin(), rest.end(), "--help") != rest.end();
    if (!watchesInterrupts(name) || helpOnly) {
        if (i2v::endEarlyInterruptCapture() != 0)
            return cancelledAtStart();
    }
    for (const Command& c : kCommands)
        if (name == c.name)
            return c.run(rest);
    return i2v::cli::reportError(
        {i2v::ErrorCode::InvalidArgument, "'" + name + "' is not an i2v command (run `i2v --help` for the list)"});
}
