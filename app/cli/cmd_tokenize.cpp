// i2v tokenize: how a prompt is split into CLIP tokens and how many of the model's 77 it uses.

#include "cli_common.h"
#include "commands.h"

#include "core/engine/api/tokenize.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace {

// The prompt is the one positional argument; everything else goes to parseArgs. "--" ends the options
// (for a prompt that starts with "-").
std::vector<std::string> splitPositional(const std::vector<std::string>& args, std::vector<std::string>* positional)
{
    std::vector<std::string> options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            positional->insert(positional->end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        if (a.rfind("-", 0) == 0 && a.size() > 1) {
            options.push_back(a);
            if (a == "--model" && i + 1 < args.size())
                options.push_back(args[++i]);
        } else {
            positional->push_back(a);
        }
    }
    return options;
}

} // namespace

int runTokenize(const std::vector<std::string>& args)
{
    using namespace i2v;
    const std::vector<cli::OptionSpec> specs = {
        {"model", "DIR", "model folder (with tokenizer/), a tokenizer folder, or ORG/NAME in the HF cache"},
        {"json", "", "print one JSON object instead of text"},
    };
    return cli::guarded([&] {
        std::vector<std::string> positional;
        const cli::ParsedArgs parsed = cli::parseArgs(splitPositional(args, &positional), specs);
        if (parsed.help) {
            std::printf("Usage: i2v tokenize --model DIR [--json] \"prompt\"\n\nShows the CLIP tokens of a prompt "
                        "and how many of the model's limit (77) it uses;\ntokens past the limit are ignored by the "
                        "model.\n\nOptions:\n%s",
                        cli::optionsHelp(specs).c_str());
            return kExitOk;
        }
        if (!parsed.values.count("model"))
            fail(ErrorCode::InvalidArgument, "--model is required (the model folder, e.g. the one with model_index.json)");
        if (positional.size() != 1)
            fail(ErrorCode::InvalidArgument, "give the prompt as one argument in quotes (got " +
                                                 std::to_string(positional.size()) + ")");

        const TokenizeResult r = tokenizePrompt(parsed.values.at("model"), positional.front());
        if (parsed.switches.count("json")) {
            const nlohmann::json out = {{"input_ids", r.inputIds}, {"attention_mask", r.attentionMask},
                                        {"tokens", r.tokens},      {"count", r.count},
                                        {"limit", r.limit},        {"truncated", r.truncated}};
            // Token strings are byte-level BPE symbols; invalid UTF-8 cannot occur, but never throw here.
            std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
            return kExitOk;
        }
        std::printf("%d/%d tokens (including start and end)\n", r.count, r.limit);
        const std::size_t kept = static_cast<std::size_t>(r.limit - 2); // room between start and end
        for (std::size_t i = 0; i < r.tokens.size(); ++i)
            std::printf("%6lld  %s%s\n", static_cast<long long>(r.tokenIds[i]), r.tokens[i].c_str(),
                        i >= kept ? "   (ignored: past the limit)" : "");
        if (r.truncated)
            std::printf("The prompt is %d tokens over the limit; the model ignores the tokens marked above.\n",
                        r.count - r.limit);
        return kExitOk;
    });
}
