// Swedish words for the form that Decap CMS's own Swedish (decap-cms-locales, "sv") lacks
// or says otherwise, merged over it at start. Three kinds:
// - words the Swedish locale does not have yet (Decap would show them in English);
// - the messages of a field that breaks a rule: the schema's and garanti check's words
//   (the rules' own messages come with each field from config.json; these frame them);
// - the editorial workflow named for what it is here. Decap's "publish" merges the pull
//   request; on the city's site only the board's decision publishes, and a draft
//   ("utkast") is a guarantee not yet ready for the board. So the workflow's steps are
//   "Påbörjad", "Klar för granskning" and "Godkänd", and merging is "Ta in": on the git host only
//   (the local preview's back end refuses it, and the form does not offer it there).
export const swedish = {
  auth: {
    loginWithForgejo: 'Logga in med Forgejo',
  },
  collection: {
    collectionTop: {
      newButton: 'Ny %{collectionLabel}',
      newButtonAriaLabel: 'Skapa en ny %{collectionLabel}',
      viewAsList: 'Visa som lista',
      viewAsGrid: 'Visa som rutnät',
    },
    entries: {
      loadingEntries: 'Hämtar …',
      cachingEntries: 'Hämtar …',
      noEntries: 'Inga än',
      unpublishedHeader: 'Ändringar som väntar på granskning',
    },
  },
  editor: {
    editorControl: {
      field: {
        optional: 'frivilligt',
        widgetLabel: 'Fält',
      },
    },
    editorControlPane: {
      widget: {
        required: 'Fältet "%{fieldLabel}" saknas. Fyll i det.',
        regexPattern: '%{pattern}',
        range: '%{fieldLabel} ska vara mellan %{minValue} och %{maxValue}.',
        min: '%{fieldLabel} kan inte vara mindre än %{minValue}.',
        max: '%{fieldLabel} kan inte vara större än %{maxValue}.',
        rangeCount: '%{fieldLabel} ska ha mellan %{minCount} och %{maxCount} punkter.',
        rangeCountExact: '%{fieldLabel} ska ha %{count} punkter.',
        rangeMin: '%{fieldLabel} behöver minst %{minCount} punkt.',
        rangeMax: '%{fieldLabel} får ha högst %{maxCount} punkter.',
      },
      i18n: {
        copyFromLocale: 'Fyll i från ett annat språk',
        copyFromLocaleConfirm: 'Vill du fylla i från %{locale}?\nAllt som står nu skrivs över.',
      },
    },
    editor: {
      onPublishingNotReady: 'Ändringen behöver vara godkänd av en granskare innan den tas in.',
      onPublishingWithUnsavedChanges: 'Du har ändringar som inte är sparade. Spara dem först.',
      onPublishing: 'Vill du ta in ändringen? Förslaget tas då in i huvudgrenen (main) på git-värden, och kommer med i nästa underlag till nämnden.',
      onDeleteUnpublishedChanges: 'Alla ändringar som inte är intagna tas bort. Vill du det?',
      onDeleteUnpublishedChangesWithUnsavedChanges:
        'Alla ändringar som inte är intagna tas bort, också de du inte har sparat. Vill du det?',
      loadingEntry: 'Hämtar …',
      confirmLoadBackup: 'Det finns en kopia av ändringar du inte sparade förra gången. Vill du fortsätta med den?',
    },
    editorInterface: {
      toggleNotes: 'Visa eller dölj anteckningar',
    },
    editorNotesPane: {
      title: 'Anteckningar',
      emptyState: 'Inga anteckningar än.',
      addNote: 'Lägg till anteckning',
      addPlaceholder: 'Skriv en anteckning …',
      editPlaceholder: 'Ändra anteckningen …',
      save: 'Spara',
      cancel: 'Avbryt',
      edit: 'Ändra',
      delete: 'Ta bort',
      resolve: 'Markera som klar',
      unresolve: 'Markera som inte klar',
      confirmDelete: 'Vill du ta bort anteckningen?',
      shortcut: 'Tips: Ctrl+Enter lägger till anteckningen.',
    },
    editorToolbar: {
      publishing: 'Tar in …',
      publish: 'Ta in',
      published: 'Intagen',
      publishAndCreateNew: 'Ta in och skapa en ny',
      publishAndDuplicate: 'Ta in och kopiera',
      publishNow: 'Ta in nu',
      deleteUnpublishedChanges: 'Ta bort ändringar som inte är intagna',
      deleteUnpublishedEntry: 'Ta bort det nya',
      deletePublishedEntry: 'Ta bort',
      deleteEntry: 'Ta bort',
      draft: 'Påbörjad',
      inReview: 'Klar för granskning',
      ready: 'Godkänd',
      statusInfoTooltipDraft:
        'Ändringen är påbörjad. När du är klar, välj "Klar för granskning" så att en granskare tittar på den.',
      statusInfoTooltipInReview:
        'Ändringen väntar på granskning. Du kan fortsätta ändra medan den granskas.',
      backCollection: ' Tillbaka till %{collectionLabel}',
    },
    editorWidgets: {
      datetime: {
        setToNow: 'Sätt %{fieldLabel} till nu',
      },
      list: {
        add: 'Lägg till %{item}',
        addType: 'Lägg till %{item}',
      },
      object: {
        expand: 'Visa',
        collapse: 'Dölj',
      },
      markdown: {
        strikethrough: 'Genomstruken',
        toggleMode: {
          rich: 'Byt till formaterad text',
          markdown: 'Byt till Markdown',
        },
      },
    },
  },
  mediaLibrary: {
    mediaLibraryModal: {
      close: 'Stäng',
    },
  },
  ui: {
    settingsDropdown: {
      account: 'Ditt konto',
    },
    toast: {
      onFailToPersist: 'Det gick inte att spara: %{details}',
      missingRequiredField: 'Något är inte ifyllt, eller har fel. Rätta det som står i rött och spara igen.',
      onFailToLoadEntries: 'Det gick inte att hämta: %{details}',
      onFailToDelete: 'Det gick inte att ta bort: %{details}',
      entrySaved: 'Sparat',
      entryPublished: 'Intagen',
      entryUpdated: 'Status ändrad',
    },
  },
  workflow: {
    workflow: {
      loading: 'Hämtar ändringarna som väntar …',
      workflowHeading: 'Ändringar som väntar',
      newPost: 'Skapa ny',
      dateFormat: 'YYYY-MM-DD',
      description: '%{smart_count} ändring väntar på granskning, %{readyCount} är godkänd. |||| %{smart_count} ändringar väntar på granskning, %{readyCount} är godkända.',
    },
    workflowList: {
      onDeleteEntry: 'Vill du ta bort ändringen?',
      onPublishingNotReadyEntry: 'Bara godkända ändringar kan tas in. Flytta kortet till "Godkända" först.',
      onPublishEntry: 'Vill du ta in ändringen?',
      currentEntries: '%{smart_count} ändring |||| %{smart_count} ändringar',
      draftHeader: 'Påbörjade',
      inReviewHeader: 'Klara för granskning',
      readyHeader: 'Godkända',
    },
    workflowCard: {
      deleteChanges: 'Ta bort ändringarna',
      deleteNewEntry: 'Ta bort',
      publishChanges: 'Ta in ändringarna',
      publishNewEntry: 'Ta in',
    },
  },
};
