#pragma once
// Conversions between core's Image (RGB8, tightly packed) and QImage. Both copy; safe on any thread.

#include "core/base/image.h"

#include <QImage>

namespace i2v {
namespace ui {

QImage toQImage(const Image& image);      // Format_RGB888; null QImage for an empty Image
Image fromQImage(const QImage& image);    // any format; alpha composited on white

} // namespace ui
} // namespace i2v
