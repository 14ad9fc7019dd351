#include "ui/image_convert.h"

#include <QPainter>

#include <cstring>

namespace i2v {
namespace ui {

QImage toQImage(const Image& image)
{
    if (image.empty())
        return {};
    QImage out(image.width, image.height, QImage::Format_RGB888);
    const std::size_t rowBytes = static_cast<std::size_t>(image.width) * 3;
    for (int y = 0; y < image.height; ++y)
        std::memcpy(out.scanLine(y), image.rgb.data() + rowBytes * y, rowBytes);
    return out;
}

Image fromQImage(const QImage& source)
{
    if (source.isNull())
        return {};
    QImage rgb;
    if (source.hasAlphaChannel()) {
        rgb = QImage(source.size(), QImage::Format_RGB888);
        rgb.fill(Qt::white);
        QPainter p(&rgb);
        p.drawImage(0, 0, source);
    } else {
        rgb = source.convertToFormat(QImage::Format_RGB888);
    }
    Image out(rgb.width(), rgb.height());
    const std::size_t rowBytes = static_cast<std::size_t>(out.width) * 3;
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.rgb.data() + rowBytes * y, rgb.constScanLine(y), rowBytes);
    return out;
}

} // namespace ui
} // namespace i2v
