#include "ui/output_naming.h"

#include <QRegularExpression>

namespace i2v {
namespace ui {

QString promptSlug(const QString& prompt, int maxWords)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    QStringList words = prompt.toLower().split(separators, Qt::SkipEmptyParts);
    if (words.size() > maxWords)
        words = words.mid(0, maxWords);
    QString slug = words.join(QLatin1Char('-'));
    if (slug.size() > 40) {
        slug.truncate(40);
        while (slug.endsWith(QLatin1Char('-')))
            slug.chop(1);
    }
    return slug.isEmpty() ? QStringLiteral("clip") : slug;
}

QString autoOutputName(const QString& prompt, qint64 seed, const QDateTime& when, const QString& extension)
{
    QString name = QStringLiteral("%1_%2_seed%3")
                       .arg(when.toString(QStringLiteral("yyyy-MM-dd_HHmmss")), promptSlug(prompt))
                       .arg(seed);
    if (!extension.isEmpty())
        name += QLatin1Char('.') + extension;
    return name;
}

} // namespace ui
} // namespace i2v
