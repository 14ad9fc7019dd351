// The window's persistent queue file (core/service/queue_store.cpp): QueueStore::load on hostile bytes
// (torn lines, non-text, a damaged "# i2v-studio queue" header line). Load never throws: it returns the
// readable items and says what it kept aside.

#include "core/service/queue_store.h"
#include "fuzz/fuzz_common.h"

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz::resetScratch(); // load() copies a damaged file aside: start each input clean
    const auto file = fuzz::scratchDir() / "queue.jsonl";
    fuzz::writeFile(file, fuzz::asView(data, size));
    QueueStore store(file);
    const std::vector<QueuedItem> items = store.load();
    for (const QueuedItem& item : items)
        if (item.recipeJson.empty())
            __builtin_trap();
    return 0;
}
