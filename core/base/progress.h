#pragma once
// Progress events from long work. Engines emit them on the worker thread; observers must be cheap and
// thread-safe (the UI's JobController re-posts them to the GUI thread).

#include "core/base/image.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace i2v {

enum class Stage {
    Queued,
    Loading,        // reading weights / building the pipeline
    EncodingPrompt, // tokenizer + text encoder
    EncodingImage,  // image encoder + VAE encode
    Denoising,      // one event per step (or per rendered frame for camera-motion)
    Decoding,       // VAE decode, one event per chunk
    Writing,        // encoding the output file(s)
    Done,
};

const char* stageName(Stage stage);

struct ProgressEvent {
    Stage stage = Stage::Queued;
    int step = 0;                 // 1-based within the stage; 0 when not applicable
    int total = 0;                // steps in this stage
    double elapsedMs = 0;         // since the job started running
    std::int64_t memoryBytes = 0; // device memory in use (or process RSS on CPU), 0 when unknown
    std::string message;          // short English note for logs
    std::shared_ptr<const Image> preview; // optional cheap preview frame
};

using ProgressObserver = std::function<void(const ProgressEvent&)>;

} // namespace i2v
