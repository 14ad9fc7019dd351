#include "core/service/queue_store.h"

#include "core/base/paths.h"
#include "core/service/history.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace i2v {

using nlohmann::json;

QueueStore::QueueStore(std::filesystem::path file) : m_file(std::move(file)) {}

std::vector<QueuedItem> QueueStore::load()
{
    m_warning.clear();
    std::vector<QueuedItem> items;
    std::ifstream in(m_file);
    if (!in)
        return items;
    int lineNo = 0, bad = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            ++bad;
            continue;
        }
        QueuedItem item;
        item.queueId = j.value("queue_id", "q" + std::to_string(lineNo));
        item.paused = j.value("paused", false);
        json recipe = j;
        recipe.erase("queue_id");
        recipe.erase("paused");
        item.recipeJson = recipe.dump();
        items.push_back(std::move(item));
    }
    if (bad > 0) {
        const std::string backup = m_file.string() + ".corrupt-" + nowIso8601Utc();
        std::error_code ec;
        std::filesystem::copy_file(m_file, backup, ec);
        m_warning = std::to_string(bad) + " damaged queue entries were skipped; the original file was kept as " + backup;
    }
    return items;
}

void QueueStore::save(const std::vector<QueuedItem>& items) const
{
    std::string text;
    for (const QueuedItem& item : items) {
        json j = json::parse(item.recipeJson, nullptr, false);
        if (!j.is_object())
            j = json::object();
        j["queue_id"] = item.queueId;
        j["paused"] = item.paused;
        text += j.dump() + "\n";
    }
    std::error_code ec;
    std::filesystem::create_directories(m_file.parent_path(), ec);
    writeFileAtomic(m_file, text, /*overwrite=*/true);
}

} // namespace i2v
