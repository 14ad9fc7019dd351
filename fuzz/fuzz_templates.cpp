// Prompt template documents (built-in, the user's, the shared team folder): schema migration and parsing,
// then the round trip of what parsed.

#include "core/base/error.h"
#include "core/presets/prompt_template.h"
#include "fuzz/fuzz_common.h"

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(fuzz::asView(data, size));
    try {
        (void)migrateTemplateDocument(text);
    } catch (const I2vError&) {
    }
    std::vector<PromptTemplate> templates;
    try {
        templates = templatesFromJson(text);
    } catch (const I2vError&) {
        return 0;
    }
    for (const PromptTemplate& t : templates) {
        (void)t.localizedName("zh_CN");
        (void)t.localizedPrompt("en");
    }
    const std::string again = templatesToJson(templates);
    if (templatesToJson(templatesFromJson(again)) != again)
        __builtin_trap();
    return 0;
}
