#pragma once
// The one place where failures become ErrorCodes, and where ErrorCodes become process exit codes and
// one-line messages for the command line. The UI translates codes itself (ui/errors); it uses only
// errorFromCurrentException() from here.

#include "core/base/error.h"

#include <string>

namespace i2v {

// Process exit codes of `i2v` (documented in README.md and `i2v --help`).
enum ExitCode : int {
    kExitOk = 0,
    kExitInternal = 1,  // a bug: please report it with the log
    kExitUsage = 2,     // bad flag or parameter value
    kExitInput = 3,     // the input image is missing, unreadable, corrupt, too large or too small
    kExitModel = 4,     // engine or model folder not found / invalid, device unavailable
    kExitOutput = 5,    // output exists, folder unwritable, disk full, encoder failure
    kExitCancelled = 6, // cancelled (Ctrl-C); nothing partial left behind
    kExitOutOfMemory = 7,
    kExitBatchFailures = 8, // `i2v batch`: one or more lines failed; the others were made
    kExitNetwork = 9,       // `i2v models pull`: download failed (network, server, access denied)
};

// Classifies the exception being handled (call only inside a catch block): I2vError keeps its code;
// std::bad_alloc and messages saying "out of memory" (torch/CUDA) → OutOfMemory; std::filesystem errors
// by errno (ENOSPC → DiskFull, EACCES/EPERM/EROFS → OutputUnwritable, ENOENT → FileNotFound); anything
// else → Internal with its message.
Error errorFromCurrentException();

int exitCodeFor(ErrorCode code);
// Short English advice for the user ("Check the path, or pick another image."), ending with a full stop.
std::string errorAdvice(ErrorCode code);
// "i2v: error: <detail>. <advice>" on one line (newlines in the detail are folded into spaces).
std::string formatErrorLine(const Error& error, const std::string& program = "i2v");
// The exit-code table as text lines ("  3  input file problem ..."), for --help.
std::string exitCodeTable();

} // namespace i2v
