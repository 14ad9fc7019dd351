#pragma once
// Persistence of the job queue: the pending jobs as JSON Lines (one recipe per line, plus "queue_id" and
// "paused"), rewritten atomically on every change so that closing the app or a crash loses nothing.
// The file is also a valid `i2v batch` input (batch ignores the extra keys).

#include <filesystem>
#include <string>
#include <vector>

namespace i2v {

struct QueuedItem {
    std::string queueId;    // stable id within the queue
    std::string recipeJson; // core/media/recipe.h format (image path, prompt, parameters, output)
    bool paused = false;
};

class QueueStore {
public:
    explicit QueueStore(std::filesystem::path file);
    // Items saved earlier; a corrupt line is skipped and reported in warning(); a wholly unreadable file
    // is kept as "<file>.corrupt-<time>".
    std::vector<QueuedItem> load();
    // Replaces the file's contents atomically. Throws I2vError on write failure.
    void save(const std::vector<QueuedItem>& items) const;
    const std::string& warning() const { return m_warning; }
    const std::filesystem::path& file() const { return m_file; }

private:
    std::filesystem::path m_file;
    std::string m_warning;
};

} // namespace i2v
