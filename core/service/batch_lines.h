#pragma once
// The text layer of a batch / queue file (batch.h): how its bytes split into JSON objects. Torch-free and
// separate from batch.cpp so the fuzzer (fuzz/fuzz_batch_lines.cpp) runs exactly this code.

#include <string>
#include <vector>

namespace i2v {

struct RawBatchObject {
    int lineNumber = 0; // 1-based line where the object starts
    std::string text;   // trimmed; several lines joined with '\n' for a pretty-printed object
};

// Splits a batch file into objects: one per line, except that a line opening an object that does not
// parse on its own is joined with the following lines until it does (a pretty-printed sidecar). Blank
// lines and lines starting with '#' are skipped. When the object that opens a line does not close within
// 500 lines or 256 KiB, or the lines up to its closing bracket are not exactly one valid object, the first
// line alone is reported (as invalid) and reading goes on with the next line. Each line costs at most one
// bracket scan of that window and one parse, never one parse per following line (which was quadratic).
std::vector<RawBatchObject> splitBatchObjects(const std::string& bytes);

} // namespace i2v
