#include "core/base/error.h"

namespace i2v {

std::string_view errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok: return "ok";
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::FileNotFound: return "file_not_found";
    case ErrorCode::FileUnreadable: return "file_unreadable";
    case ErrorCode::ImageCorrupt: return "image_corrupt";
    case ErrorCode::ImageTooLarge: return "image_too_large";
    case ErrorCode::ImageTooSmall: return "image_too_small";
    case ErrorCode::UnsupportedFormat: return "unsupported_format";
    case ErrorCode::ModelNotFound: return "model_not_found";
    case ErrorCode::ModelInvalid: return "model_invalid";
    case ErrorCode::WeightsCorrupt: return "weights_corrupt";
    case ErrorCode::UnsafeWeightsFormat: return "unsafe_weights_format";
    case ErrorCode::OutputExists: return "output_exists";
    case ErrorCode::OutputUnwritable: return "output_unwritable";
    case ErrorCode::DiskFull: return "disk_full";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::OutOfMemory: return "out_of_memory";
    case ErrorCode::EncoderFailed: return "encoder_failed";
    case ErrorCode::DeviceUnavailable: return "device_unavailable";
    case ErrorCode::Internal: return "internal";
    case ErrorCode::NetworkFailed: return "network_failed";
    case ErrorCode::AccessDenied: return "access_denied";
    }
    return "internal";
}

} // namespace i2v
