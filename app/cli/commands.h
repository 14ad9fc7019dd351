#pragma once
// The subcommands of `i2v`. Adding one = one X(...) line here + a cmd_<name>.cpp defining
// `int <function>(const std::vector<std::string>& args)` (args exclude the program and command names),
// added to CMakeLists.txt. main.cpp builds its table and the help text from this list.

#include <string>
#include <vector>

// X(command name, function, one-line summary)
#define I2V_CLI_COMMANDS(X)                                                                  \
    X("generate", runGenerate, "turn a still image and a prompt into a clip")                \
    X("batch", runBatchCommand, "make one clip per line of a JSON Lines file (resumable)")    \
    X("engines", runEngines, "list the engines and their parameters (ranges, defaults)")     \
    X("models", runModels, "list the models found; pull, list, verify or remove downloads")   \
    X("tokenize", runTokenize, "show the CLIP tokens of a prompt and the count against the 77 limit")    \
    X("score", runScore, "rank existing clips with a CLIP model against a prompt and the source image")

#define I2V_DECLARE_COMMAND(name, function, summary) int function(const std::vector<std::string>& args);
I2V_CLI_COMMANDS(I2V_DECLARE_COMMAND)
#undef I2V_DECLARE_COMMAND
