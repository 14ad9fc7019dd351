#pragma once
// Filesystem helpers shared by every layer: user folders (XDG), atomic writes that never overwrite,
// and unique output names.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace i2v {

namespace fs = std::filesystem;

// $XDG_DATA_HOME/i2v-studio (else ~/.local/share/i2v-studio). Not created.
fs::path userDataDir();
// $XDG_CONFIG_HOME/i2v-studio (else ~/.config/i2v-studio). Not created.
fs::path userConfigDir();

// Reads a whole file; throws I2vError(FileNotFound / FileUnreadable / ImageTooLarge-style limit as
// InvalidArgument when over maxBytes).
std::string readFileBytes(const fs::path& path, std::uintmax_t maxBytes = static_cast<std::uintmax_t>(-1));

// Writes bytes to `path` atomically: a temp file in the same folder, fsync, then a no-replace rename.
// If `path` exists: throws OutputExists unless `overwrite` (used only for our own state files such as
// the queue and settings). ENOSPC becomes DiskFull, EACCES/ENOENT OutputUnwritable. On failure no temp
// file is left behind.
void writeFileAtomic(const fs::path& path, std::string_view bytes, bool overwrite = false);

// Moves a finished temp file into place without replacing an existing file (renameat2 RENAME_NOREPLACE,
// falling back to link+unlink). Throws OutputExists if `target` appeared meanwhile.
void renameNoReplace(const fs::path& from, const fs::path& target);

// The current time through strftime `format`, local time or UTC ("%Y%m%d-%H%M%S" -> "20261122-081500").
std::string formatNow(const char* format, bool utc = false);

// Where a damaged store file (templates, queue, history) is kept: "<file>.corrupt-YYYYMMDD-HHMMSS" next to
// it, made unique. Only the name: the caller moves or copies the bytes.
fs::path corruptBackupPath(const fs::path& file);

// "clip.mp4" -> "clip.mp4" if free, else "clip (2).mp4", "clip (3).mp4", ...: the one "find a free name"
// loop. Free = `taken` is false for it; by default, nothing exists there (a dangling link counts as taken).
// Throws OutputExists after 100000 tries.
fs::path uniquePath(const fs::path& wanted, const std::function<bool(const fs::path&)>& taken = {});

// Checks that `dir` exists (or can be created when createIfMissing) and is writable; throws
// OutputUnwritable naming the folder otherwise.
void ensureWritableDir(const fs::path& dir, bool createIfMissing);

// A temp path next to `target` (same filesystem, hidden, unique): ".clip.mp4.tmp-1234-1".
fs::path tempPathFor(const fs::path& target);
// Removes temp files (and PNG temp folders) that tempPathFor() named for a process that no longer exists
// (killed with -9, lost power): ".NAME.tmp-PID-N" in `dir` whose PID is not running. Never touches another
// name, a live process's temp, or anything outside `dir`. Returns how many it removed; never throws.
int sweepStaleTemps(const std::filesystem::path& dir);

} // namespace i2v
