#pragma once
// Per-run log files: "<dir>/<app>-YYYYMMDD-HHMMSS-<pid>.log", one per run, installed as the log sink.
// Rotation: at start the oldest files beyond `keepFiles` are deleted; a file stops growing at
// `maxBytes` (one final line says so), so logs can never fill the disk.

#include <cstdint>
#include <filesystem>
#include <string>

namespace i2v {

struct LogFileOptions {
    std::uintmax_t maxBytes = 5u << 20; // per file
    int keepFiles = 10;                 // including the new one
    bool alsoStderr = true;             // warnings and errors also go to stderr
};

// Creates the folder, rotates, opens the new file and installs it with setLogSink(). Returns the path of
// the new file, or an empty path when the folder is not writable (logging then stays on stderr).
std::filesystem::path installLogFile(const std::filesystem::path& dir, const std::string& app,
                                     const LogFileOptions& options = {});

// Deletes the oldest "<app>-*.log" files in `dir` so that at most `keep` remain. Returns how many were deleted.
int rotateLogFiles(const std::filesystem::path& dir, const std::string& app, int keep);

} // namespace i2v
