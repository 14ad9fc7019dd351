#pragma once
// Persistence of the job queue: the unfinished jobs as JSON Lines (one recipe per line, plus "queue_id",
// "paused" (held) and "running"), rewritten atomically (temp file, fsync, rename) on every change so
// that closing the app or a crash loses nothing. A first line "# i2v-studio queue {...}" carries the
// queue's own state; `i2v batch` skips '#' lines and ignores the extra keys, so the file is also a valid
// batch input.

#include "core/base/image.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace i2v {

struct QueuedItem {
    std::string queueId;    // stable id within the queue
    std::string recipeJson; // core/media/recipe.h format (image path, prompt, parameters, output)
    bool paused = false;    // held by the user: not started until released
    bool running = false;   // was running when the file was written (after a crash: interrupted)
};

class QueueStore {
public:
    explicit QueueStore(std::filesystem::path file);
    // Items saved earlier, in order; a missing file is an empty queue. Damaged content (a torn or
    // corrupt line, a file that is not text) never loses the queue silently: the readable lines are
    // returned, the original file is copied to "<file>.corrupt-<time>" and warning() says so.
    std::vector<QueuedItem> load();
    // Replaces the file's contents atomically; creates the folder. Throws I2vError on write failure
    // (the previous file is then intact).
    void save(const std::vector<QueuedItem>& items, bool queuePaused = false) const;
    // Whether the loaded file had the whole queue paused.
    bool queuePaused() const { return m_queuePaused; }
    const std::string& warning() const { return m_warning; }
    const std::filesystem::path& file() const { return m_file; }
    // Copies the current file to "<file>.corrupt-<time>"; returns the copy (empty path when it failed).
    std::filesystem::path keepBackup() const;

private:
    std::filesystem::path m_file;
    std::string m_warning;
    bool m_queuePaused = false;
};

// Keeps a pasted image (one without a file) beside the queue file so the saved queue can run it after a
// restart: "<queue file's folder>/queue-inputs/pasted-<number>.png" (made unique), written atomically.
// Returns its path. Throws I2vError when it cannot be written.
std::filesystem::path storePastedImage(const Image& image, const std::filesystem::path& queueFile,
                                       std::uint64_t number);

// One compact JSON line per recipe (no queue keys), as `i2v batch` reads it. Written atomically; never
// overwrites (OutputExists).
void writeRecipeLines(const std::filesystem::path& file, const std::vector<std::string>& recipes);

} // namespace i2v
