#include "core/service/queue_store.h"

#include "core/base/json_limits.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/image_io.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>

namespace i2v {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kHeaderPrefix = "# i2v-studio queue ";
constexpr std::uintmax_t kMaxQueueBytes = 256ull << 20; // far above any real queue; guards a runaway file

// Parses the header line's JSON; false when it is not ours or is damaged.
bool parseHeader(const std::string& line, bool& paused)
{
    if (line.rfind(kHeaderPrefix, 0) != 0)
        return false;
    const json j = parseJsonLimited(line.substr(std::string(kHeaderPrefix).size()));
    if (!j.is_object())
        return false;
    paused = j.value("paused", false);
    return true;
}

} // namespace

QueueStore::QueueStore(fs::path file) : m_file(std::move(file)) {}

fs::path QueueStore::keepBackup() const
{
    std::error_code ec;
    const fs::path backup = corruptBackupPath(m_file);
    fs::copy_file(m_file, backup, fs::copy_options::none, ec);
    return ec ? fs::path() : backup;
}

std::vector<QueuedItem> QueueStore::load()
{
    m_warning.clear();
    m_queuePaused = false;
    std::vector<QueuedItem> items;
    std::error_code ec;
    if (!fs::exists(m_file, ec))
        return items;
    std::string bytes;
    try {
        bytes = readFileBytes(m_file, kMaxQueueBytes);
    } catch (const I2vError& e) {
        // Not readable now (permissions, I/O error, absurd size): keep a copy if we can and say so.
        const fs::path backup = keepBackup();
        m_warning = "The saved queue could not be read (" + std::string(e.what()) + ")" +
                    (backup.empty() ? std::string("; it was left in place.")
                                    : "; it was kept as " + backup.string() + ".");
        return items;
    }
    int lineNo = 0, bad = 0;
    std::size_t start = 0;
    while (start < bytes.size()) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string::npos)
            end = bytes.size();
        const std::string line = bytes.substr(start, end - start);
        start = end + 1;
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (line[0] == '#') {
            if (lineNo == 1 && !parseHeader(line, m_queuePaused) && line.rfind(kHeaderPrefix, 0) == 0)
                ++bad;
            continue;
        }
        const json j = parseJsonLimited(line);
        if (j.is_discarded() || !j.is_object()) {
            ++bad; // a torn last line, a corrupt byte run, or not JSON at all
            continue;
        }
        QueuedItem item;
        const auto id = j.find("queue_id");
        item.queueId = id != j.end() && id->is_string() ? id->get<std::string>() : "q" + std::to_string(lineNo);
        const auto paused = j.find("paused");
        item.paused = paused != j.end() && paused->is_boolean() && paused->get<bool>();
        const auto running = j.find("running");
        item.running = running != j.end() && running->is_boolean() && running->get<bool>();
        json recipe = j;
        recipe.erase("queue_id");
        recipe.erase("paused");
        recipe.erase("running");
        item.recipeJson = recipe.dump(-1, ' ', false, json::error_handler_t::replace);
        items.push_back(std::move(item));
    }
    if (bad > 0) {
        const fs::path backup = keepBackup();
        m_warning = std::to_string(bad) + " damaged line(s) in the saved queue " + m_file.string() + " were skipped; " +
                    std::to_string(items.size()) + " job(s) were restored. " +
                    (backup.empty() ? std::string("The damaged file could not be copied.")
                                    : "The original file was kept as " + backup.string() + ".");
    }
    return items;
}

void QueueStore::save(const std::vector<QueuedItem>& items, bool queuePaused) const
{
    std::string text = kHeaderPrefix + json{{"schema_version", 1}, {"paused", queuePaused}}.dump() + "\n";
    for (const QueuedItem& item : items) {
        json j = parseJsonLimited(item.recipeJson);
        if (!j.is_object())
            fail(ErrorCode::Internal, "queue item " + item.queueId + " has no valid recipe; the queue was not saved");
        j["queue_id"] = item.queueId;
        j["paused"] = item.paused;
        if (item.running)
            j["running"] = true;
        text += j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    }
    std::error_code ec;
    fs::create_directories(m_file.parent_path(), ec);
    writeFileAtomic(m_file, text, /*overwrite=*/true);
}

void writeRecipeLines(const fs::path& file, const std::vector<std::string>& recipes)
{
    std::string text;
    for (const std::string& recipe : recipes) {
        const json j = parseJsonLimited(recipe);
        if (!j.is_object())
            fail(ErrorCode::Internal, "a queued job has no valid recipe; nothing was exported");
        text += j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    }
    writeFileAtomic(file, text, /*overwrite=*/false);
}

std::filesystem::path storePastedImage(const Image& image, const std::filesystem::path& queueFile,
                                       std::uint64_t number)
{
    const std::filesystem::path dir = queueFile.parent_path() / "queue-inputs";
    ensureWritableDir(dir, /*createIfMissing=*/true);
    const std::filesystem::path path = uniquePath(dir / ("pasted-" + std::to_string(number) + ".png"));
    savePng(image, path);
    return path;
}

} // namespace i2v
