// The CLIP tokenizer on hostile prompts (invalid UTF-8, control characters, huge words, special-token
// look-alikes), with the fixture's vocabulary; the encoding's invariants checked on every input.

#include "core/base/error.h"
#include "core/engine/tokenizer/clip_tokenizer.h"
#include "fuzz/fuzz_common.h"

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const ClipTokenizer tokenizer =
        ClipTokenizer::fromFolder(I2V_SOURCE_DIR "/tests/data/i2vgenxl-tiny/model/tokenizer");
    const std::string text(fuzz::asView(data, size));
    try {
        const ClipEncoding e = tokenizer.encode(text);
        const auto n = static_cast<std::size_t>(tokenizer.maxLength());
        if (e.inputIds.size() != n || e.attentionMask.size() != n || e.untruncatedIds.size() < 2 ||
            e.inputIds.front() != tokenizer.bosId())
            __builtin_trap();
        for (std::int64_t id : e.inputIds)
            if (id < 0 || id > tokenizer.maxId())
                __builtin_trap();
    } catch (const I2vError&) {
    }
    return 0;
}
