// i2v-studio: creates the application, picks the language, loads the templates and shows the window.
#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/presets/template_store.h"
#include "ui/app_settings.h"
#include "ui/i18n.h"
#include "ui/main_window.h"
#include "ui/panels/input_panel.h"
#include "ui/style.h"

#include <QApplication>
#include <QFile>
#include <QMessageBox>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("I2V Studio"));
    QApplication::setApplicationName(QStringLiteral("i2v-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("I2V Studio"));
    QApplication::setApplicationVersion(QStringLiteral(I2V_VERSION));
    // The desktop entry's id (packaging/linux): window managers match the window to its menu entry and icon.
    QApplication::setDesktopFileName(QStringLiteral("io.github.i2vstudio.I2VStudio"));

    i2v::ui::AppSettings settings;
    const QString locale = i2v::ui::installTranslations(app, settings);
    i2v::ui::applyStudioStyle(app);
    i2v::initEngineRuntime();

    QFile builtin(QStringLiteral(":/templates/builtin.json"));
    builtin.open(QIODevice::ReadOnly);
    i2v::TemplateStore templates(i2v::userDataDir() / "templates.json", builtin.readAll().toStdString());
    try {
        templates.load();
    } catch (const i2v::I2vError& e) {
        QMessageBox::warning(nullptr, QApplication::translate("main", "I2V Studio"),
                             QApplication::translate("main", "Your templates could not be loaded: %1")
                                 .arg(QString::fromUtf8(e.what())));
    }

    i2v::ui::MainWindow window(&settings, &templates, locale);
    // The queue survives closing the app and crashes: restored here, saved on every change.
    window.restoreQueue(QString::fromStdString((i2v::userDataDir() / "queue.jsonl").string()));
    window.show();
    if (app.arguments().size() > 1)
        window.inputPanel()->handleFiles(app.arguments().mid(1)); // "i2v-studio photo.jpg" opens it
    return app.exec();
}
