#include "ui/errors.h"

namespace i2v {
namespace ui {

QString ErrorTexts::sentence(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok:
        return tr("Everything worked.");
    case ErrorCode::InvalidArgument:
        return tr("A setting is outside the range this engine accepts. Check the highlighted parameters or press "
                  "Reset to defaults.");
    case ErrorCode::FileNotFound:
        return tr("The file could not be found. It may have been moved or deleted; choose it again.");
    case ErrorCode::FileUnreadable:
        return tr("The file exists but could not be read. Check that you have permission to open it, or copy it "
                  "to a local folder.");
    case ErrorCode::ImageCorrupt:
        return tr("This file is not a readable image (it may be damaged or only partly downloaded). Open it in "
                  "an image viewer, save it again as PNG or JPEG, and drop it here.");
    case ErrorCode::ImageTooLarge:
        return tr("This image is too large to process. Scale it down (for example to 4000 pixels on the long "
                  "side) and try again.");
    case ErrorCode::ImageTooSmall:
        return tr("This image is too small to make a clip from. Use a larger picture (at least 256 pixels on "
                  "each side works best).");
    case ErrorCode::UnsupportedFormat:
        return tr("This file type is not supported. Use a PNG, JPEG, WebP, BMP or TIFF image.");
    case ErrorCode::ModelNotFound:
        return tr("No model was found for this request. Choose another engine, or add the model's folder with "
                  "\"Add model folder…\".");
    case ErrorCode::ModelInvalid:
        return tr("The model folder is incomplete or inconsistent. Download the model again or choose another "
                  "folder.");
    case ErrorCode::WeightsCorrupt:
        return tr("A model weights file is damaged. Download the model again.");
    case ErrorCode::UnsafeWeightsFormat:
        return tr("This model uses an unsafe file format (pickle). Use the .safetensors version of the model.");
    case ErrorCode::OutputExists:
        return tr("A file with this name already exists and was not overwritten. Choose another name.");
    case ErrorCode::OutputUnwritable:
        return tr("The clip could not be saved in this folder. Choose a folder you can write to (Settings → "
                  "outputs folder, or Save As…).");
    case ErrorCode::DiskFull:
        return tr("The disk is full. Free some space or choose another drive, then save again.");
    case ErrorCode::Cancelled:
        return tr("Generation was cancelled. Nothing was saved; press Generate to start again.");
    case ErrorCode::OutOfMemory:
        return tr("Not enough memory for these settings. Lower the resolution, the number of frames or the "
                  "steps, and try again.");
    case ErrorCode::EncoderFailed:
        return tr("The video could not be encoded. Try another format (for example GIF or PNG frames).");
    case ErrorCode::DeviceUnavailable:
        return tr("The graphics card is not available. Check the NVIDIA driver, or choose the CPU.");
    case ErrorCode::Internal:
        return tr("Something unexpected went wrong. Your image and settings are kept; try again, and if it "
                  "happens again send the details to support.");
    case ErrorCode::NetworkFailed:
        return tr("The download failed: the server could not be reached or stopped answering. Check the network "
                  "(and the mirror or proxy settings), then resume: nothing downloaded so far is lost.");
    case ErrorCode::AccessDenied:
        return tr("The server refused access. This model is gated or private: accept its terms on its Hub page "
                  "and set HF_TOKEN to an access token, then try again.");
    }
    return tr("Something unexpected went wrong. Your image and settings are kept; try again, and if it "
              "happens again send the details to support.");
}

} // namespace ui
} // namespace i2v
