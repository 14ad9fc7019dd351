#include "core/base/progress.h"

namespace i2v {

const char* stageName(Stage stage)
{
    switch (stage) {
    case Stage::Queued: return "queued";
    case Stage::Loading: return "loading";
    case Stage::EncodingPrompt: return "encoding_prompt";
    case Stage::EncodingImage: return "encoding_image";
    case Stage::Denoising: return "denoising";
    case Stage::Decoding: return "decoding";
    case Stage::Writing: return "writing";
    case Stage::Done: return "done";
    }
    return "unknown";
}

} // namespace i2v
