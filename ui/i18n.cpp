#include "ui/i18n.h"

#include "ui/app_settings.h"

#include <QCoreApplication>
#include <QKeySequence>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

static void initI2vResources() { Q_INIT_RESOURCE(i2v); }

namespace i2v {
namespace ui {

void initResources() { initI2vResources(); }

QString resolveLanguage(const QString& overrideLanguage, const QString& systemLocale)
{
    const QString wanted = overrideLanguage.isEmpty() ? systemLocale : overrideLanguage;
    if (wanted.startsWith(QLatin1String("zh")))
        return QStringLiteral("zh_CN"); // the one Chinese translation (Simplified) serves every zh locale
    return QStringLiteral("en");
}

QString installTranslations(QCoreApplication& app, const AppSettings& settings)
{
    initResources();
    const QString language = resolveLanguage(settings.language(), QLocale::system().name());
    auto* mine = new QTranslator(&app);
    if (mine->load(QStringLiteral(":/i18n/i2v_%1.qm").arg(language)))
        app.installTranslator(mine);
    auto* qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_%1").arg(language), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    QLocale::setDefault(QLocale(language));
    return language;
}

QString withShortcut(const QString& text, const QKeySequence& key)
{
    if (key.isEmpty())
        return text;
    //: A tooltip and its keyboard shortcut, e.g. "Make the clip (Ctrl+Return)"
    return QCoreApplication::translate("i2v::ui::Shortcut", "%1 (%2)").arg(text, key.toString(QKeySequence::NativeText));
}

} // namespace ui
} // namespace i2v
