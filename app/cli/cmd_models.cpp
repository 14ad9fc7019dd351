// i2v models: the models found (built-in engines and model folders in the Hugging Face cache).

#include "cli_common.h"
#include "commands.h"

#include "core/service/catalog.h"

#include <cstdio>

int runModels(const std::vector<std::string>& args)
{
    using namespace i2v;
    const std::vector<cli::OptionSpec> specs = {{"json", "", "print JSON instead of text"}};
    return cli::guarded([&] {
        const cli::ParsedArgs parsed = cli::parseArgs(args, specs);
        if (parsed.help) {
            std::printf("Usage: i2v models [--json]\n\nLists the models found: built-in engines (no download) and "
                        "model folders in the Hugging Face cache\n($HF_HUB_CACHE, $HF_HOME/hub, "
                        "~/.cache/huggingface/hub). Use one with `i2v generate --model FOLDER`.\n\nOptions:\n%s",
                        cli::optionsHelp(specs).c_str());
            return kExitOk;
        }
        std::fputs(describeModels(parsed.switches.count("json") > 0).c_str(), stdout);
        return kExitOk;
    });
}
