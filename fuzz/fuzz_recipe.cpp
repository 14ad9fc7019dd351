// The recipe JSON (sidecars, embedded container tags, one line of a batch or the queue): recipeFromJson
// with its type and range checks, then, for a recipe that parses, the round trip through recipeToJson and
// the container tags (recipeMetadata), which must read back as the same request.

#include "core/base/error.h"
#include "core/media/recipe.h"
#include "core/request/recipe_json.h"
#include "fuzz/fuzz_common.h"

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(fuzz::asView(data, size));
    try {
        (void)recipeMetadata(text);
    } catch (const I2vError&) {
    }
    GenerationRequest request;
    try {
        request = recipeFromJson(text);
    } catch (const I2vError&) {
        return 0;
    }
    const std::string again = recipeToJson(request);
    // What the app writes it must read back (an output's sidecar is a valid batch line).
    const GenerationRequest back = recipeFromJson(again);
    if (recipeToJson(back) != again)
        __builtin_trap();
    (void)recipeMetadata(again);
    return 0;
}
