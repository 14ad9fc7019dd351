// A batch / queue file's text layer as readBatchFile runs it (core/service/batch.cpp): split into objects
// (pretty-printed ones joined), each parsed with the nesting limit, re-printed for its content key, and
// read as a request. The engine-dependent completion (family defaults, model lookup) needs the registry
// and is covered by tests/service/test_batch.cpp.

#include "core/base/error.h"
#include "core/base/json_limits.h"
#include "core/request/recipe_json.h"
#include "core/service/batch_lines.h"
#include "fuzz/fuzz_common.h"

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(fuzz::asView(data, size));
    for (const RawBatchObject& raw : splitBatchObjects(bytes)) {
        if (raw.lineNumber < 1 || raw.text.empty() || raw.text.size() > bytes.size())
            __builtin_trap();
        const nlohmann::json j = parseJsonLimited(raw.text);
        if (!j.is_discarded())
            (void)j.dump(); // the content key hashes this; it recurses, hence the nesting limit
        try {
            (void)recipeFromJson(raw.text);
        } catch (const I2vError&) {
        }
    }
    return 0;
}
