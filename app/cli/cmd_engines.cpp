// i2v engines: the engines of this build and their parameter schemas.

#include "cli_common.h"
#include "commands.h"

#include "core/service/catalog.h"

#include <cstdio>

int runEngines(const std::vector<std::string>& args)
{
    using namespace i2v;
    const std::vector<cli::OptionSpec> specs = {{"json", "", "print JSON instead of text"}};
    return cli::guarded([&] {
        const cli::ParsedArgs parsed = cli::parseArgs(args, specs);
        if (parsed.help) {
            std::printf("Usage: i2v engines [--json]\n\nLists the engines and each one's parameters (flag, range, "
                        "default, step).\n\nOptions:\n%s",
                        cli::optionsHelp(specs).c_str());
            return kExitOk;
        }
        std::fputs(describeEngines(parsed.switches.count("json") > 0).c_str(), stdout);
        return kExitOk;
    });
}
