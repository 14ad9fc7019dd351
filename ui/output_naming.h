#pragma once
// Readable automatic names for results: "<date>_<time>_<prompt words>_seed<seed>.<ext>", e.g.
// "2026-11-22_031005_camera-slowly-zooming-in_seed42.mp4". Pure functions (tested).

#include <QDateTime>
#include <QString>

namespace i2v {
namespace ui {

// Up to `maxWords` words of `prompt` joined by '-', letters and digits of any script kept (lower-cased),
// everything else dropped; at most 40 characters; "clip" when nothing is left.
QString promptSlug(const QString& prompt, int maxWords = 5);
// File name (no folder). `extension` without the dot ("mp4"); empty for a frames folder.
QString autoOutputName(const QString& prompt, qint64 seed, const QDateTime& when, const QString& extension);

} // namespace ui
} // namespace i2v
