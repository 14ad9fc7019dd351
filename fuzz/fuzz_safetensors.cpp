// The safetensors reader on a whole hostile file: the 8-byte header length, the JSON header (dtypes,
// shapes, offsets, metadata) and the data section, through the same open() the loader uses; then the
// header parser alone on the input as JSON, and the shard index reader.

#include "core/base/error.h"
#include "core/engine/tensor/safetensors.h"
#include "fuzz/fuzz_common.h"

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes = fuzz::asView(data, size);
    const auto file = fuzz::scratchDir() / "model.safetensors";
    fuzz::writeFile(file, bytes);
    try {
        const auto st = st::SafetensorsFile::open(file);
        for (const st::TensorInfo& t : st->tensors()) {
            const std::uint8_t* p = st->data(t);
            volatile std::uint8_t sink = 0;
            if (t.end > t.begin) // first and last byte: a wrong span reads outside the mapping
                sink = static_cast<std::uint8_t>(p[0] ^ p[t.end - t.begin - 1]);
            (void)sink;
            (void)t.numel();
            (void)st->find(t.name);
        }
    } catch (const I2vError&) {
    }
    try {
        (void)st::parseHeader(std::string(bytes), size, "fuzz");
    } catch (const I2vError&) {
    }
    const auto index = fuzz::scratchDir() / "model.safetensors.index.json";
    fuzz::writeFile(index, bytes);
    try {
        (void)st::readShardIndex(index);
    } catch (const I2vError&) {
    }
    return 0;
}
