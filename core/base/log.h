#pragma once
// Minimal logging sink for core/: messages go to a replaceable sink (stderr by default). The GUI installs
// a sink that writes the per-run log file; tests may capture messages.

#include <functional>
#include <string>

namespace i2v {

enum class LogLevel { Debug, Info, Warning, Error };

using LogSink = std::function<void(LogLevel, const std::string&)>;

// Replaces the process-wide sink; pass nullptr to restore the default (stderr, Info and above).
void setLogSink(LogSink sink);
void logMessage(LogLevel level, const std::string& message);

inline void logInfo(const std::string& m) { logMessage(LogLevel::Info, m); }
inline void logWarning(const std::string& m) { logMessage(LogLevel::Warning, m); }
inline void logError(const std::string& m) { logMessage(LogLevel::Error, m); }

} // namespace i2v
