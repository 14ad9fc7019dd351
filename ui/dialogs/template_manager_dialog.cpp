#include "ui/dialogs/template_manager_dialog.h"

#include "core/base/error.h"
#include "core/service/prompt_templates.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace i2v {
namespace ui {

TemplateManagerDialog::TemplateManagerDialog(TemplateStore* store, const QString& locale, QWidget* parent)
    : QDialog(parent), m_store(store), m_locale(locale), m_list(new QListWidget(this)),
      m_teamNote(new QLabel(this)), m_rename(new QPushButton(tr("Rename…"), this)),
      m_delete(new QPushButton(tr("Delete"), this)), m_import(new QPushButton(tr("Import…"), this)),
      m_export(new QPushButton(tr("Export…"), this))
{
    setWindowTitle(tr("Your templates"));
    resize(480, 380);
    m_import->setToolTip(tr("Add the templates of a template file (.json) as your own"));
    m_export->setToolTip(tr("Save the selected template as a file to share"));
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    buttons->addSpacing(12);
    buttons->addWidget(m_import);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Built-in templates cannot be changed; these are the ones you saved."), this));
    layout->addLayout(row);
    m_teamNote->setWordWrap(true);
    layout->addWidget(m_teamNote);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_rename, &QPushButton::clicked, this, &TemplateManagerDialog::renameCurrent);
    connect(m_delete, &QPushButton::clicked, this, &TemplateManagerDialog::deleteCurrent);
    connect(m_list, &QListWidget::currentRowChanged, this, &TemplateManagerDialog::updateButtons);
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Import templates"), QDir::homePath(),
                                                          tr("Template files (*.json)"));
        if (!file.isEmpty())
            importFrom(file);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        QListWidgetItem* item = m_list->currentItem();
        if (!item)
            return;
        const QString file = QFileDialog::getSaveFileName(this, tr("Export template"),
                                                          QDir::home().filePath(item->text() + QStringLiteral(".json")),
                                                          tr("Template files (*.json)"));
        if (!file.isEmpty())
            exportCurrentTo(file);
    });
    reload();
}

void TemplateManagerDialog::updateButtons()
{
    QListWidgetItem* item = m_list->currentItem();
    const bool own = item && !item->data(Qt::UserRole + 1).toBool();
    m_rename->setEnabled(own);
    m_delete->setEnabled(own);
    m_export->setEnabled(item != nullptr);
}

bool TemplateManagerDialog::importFrom(const QString& file)
{
    try {
        const auto ids = m_store->importFile(file.toStdString());
        reload();
        for (int i = 0; i < m_list->count(); ++i)
            if (!ids.empty() && m_list->item(i)->data(Qt::UserRole).toString() == QString::fromStdString(ids.back()))
                m_list->setCurrentRow(i);
        return true;
    } catch (const I2vError& e) {
        QMessageBox::warning(this, tr("Import templates"),
                             tr("This file could not be imported. Choose a template file exported from I2V Studio.") +
                                 QStringLiteral("\n\n") + QString::fromUtf8(e.what()));
        return false;
    }
}

bool TemplateManagerDialog::exportCurrentTo(const QString& file)
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return false;
    try {
        m_store->exportFile({item->data(Qt::UserRole).toString().toStdString()}, file.toStdString());
        return true;
    } catch (const I2vError& e) {
        QMessageBox::warning(this, tr("Export template"),
                             tr("The template could not be saved there. Choose another name or folder.") +
                                 QStringLiteral("\n\n") + QString::fromUtf8(e.what()));
        return false;
    }
}

void TemplateManagerDialog::reload()
{
    m_list->clear();
    for (const PromptTemplate& t : m_store->userTemplates()) {
        auto* item = new QListWidgetItem(QString::fromStdString(t.localizedName(m_locale.toStdString())), m_list);
        item->setData(Qt::UserRole, QString::fromStdString(t.id));
        item->setToolTip(QString::fromStdString(t.localizedPrompt(m_locale.toStdString())));
    }
    for (const PromptTemplate& t : m_store->teamTemplates()) {
        auto* item = new QListWidgetItem(tr("%1 (team)").arg(QString::fromStdString(t.localizedName(m_locale.toStdString()))),
                                         m_list);
        item->setData(Qt::UserRole, QString::fromStdString(t.id));
        item->setData(Qt::UserRole + 1, true);
        item->setForeground(palette().color(QPalette::PlaceholderText));
        item->setToolTip(tr("Shared by your team; read-only"));
    }
    QStringList notes;
    if (!m_store->teamFolder().empty())
        notes << tr("Team templates come from %1 and cannot be changed here.")
                     .arg(QString::fromStdString(m_store->teamFolder().string()));
    for (const std::string& w : m_store->teamWarnings())
        notes << tr("Skipped: %1").arg(QString::fromStdString(w));
    m_teamNote->setText(notes.join(QLatin1Char('\n')));
    m_teamNote->setVisible(!notes.isEmpty());
    m_list->setCurrentRow(m_list->count() > 0 ? 0 : -1);
    updateButtons();
}

void TemplateManagerDialog::renameCurrent()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Rename template"), tr("New name:"), QLineEdit::Normal, item->text(), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    try {
        m_store->rename(item->data(Qt::UserRole).toString().toStdString(), name.toStdString());
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
    reload();
}

void TemplateManagerDialog::deleteCurrent()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    if (QMessageBox::question(this, tr("Delete template"), tr("Delete the template \"%1\"?").arg(item->text())) !=
        QMessageBox::Yes)
        return;
    try {
        m_store->remove(item->data(Qt::UserRole).toString().toStdString());
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
    reload();
}

} // namespace ui
} // namespace i2v
