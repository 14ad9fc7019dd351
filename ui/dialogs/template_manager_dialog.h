#pragma once
// Lists the user's own templates with Rename… and Delete (built-ins are not listed: they cannot change).
// Every change is saved by the TemplateStore immediately.

#include <QDialog>

class QListWidget;
class QPushButton;

namespace i2v {
class TemplateStore;
}

namespace i2v {
namespace ui {

class TemplateManagerDialog : public QDialog {
    Q_OBJECT
public:
    TemplateManagerDialog(TemplateStore* store, const QString& locale, QWidget* parent = nullptr);

signals:
    void storeError(const QString& detail);

private:
    void reload();
    void renameCurrent();
    void deleteCurrent();

    TemplateStore* m_store;
    QString m_locale;
    QListWidget* m_list;
    QPushButton* m_rename;
    QPushButton* m_delete;
};

} // namespace ui
} // namespace i2v
